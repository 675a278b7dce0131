import { useIsRouting, useSearchParams } from '@solidjs/router';
import { createResource, Match, Show, Suspense, Switch } from 'solid-js';
import { groupCurvesChart } from '../charts/group-curves-chart.ts';
import { stageTimeChart } from '../charts/stage-time-chart.ts';
import { CURVE_WORDS, survivalCaption, survivalChart, type CurveSeries } from '../charts/survival-chart.ts';
import { AsOfLine } from '../components/as-of-line.tsx';
import { CycleTimeTable, GROUP_NAMES, type GroupBy } from '../components/cycle-time-table.tsx';
import { FilterBar } from '../components/filter-bar.tsx';
import { GroupBySelect } from '../components/group-by-select.tsx';
import { PlotFigure } from '../components/plot-figure.tsx';
import { EmptyNotice, LoadingNotice, ProblemNotice } from '../components/problem-notice.tsx';
import { StageTimeTable } from '../components/stage-time-table.tsx';
import { recordsHref, type WhereValue } from '../lib/records-link.ts';
import { api } from '../lib/trpc.ts';
import { useViewFilters } from '../lib/url-state.ts';
import { pickFilters, type ViewFilters } from '../lib/view-links.ts';
import type { CycleTimeDuration, CycleTimesReport, StageTime, SurvivalStep } from '../lib/view-reports.ts';

type CycleTimesInput = Parameters<typeof api.cycleTimes.view.query>[0];
type Curve = SurvivalStep['curve'];

function firstValue(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === '' ? undefined : text;
}

/** Lead and opportunity cycle times: durations, Kaplan-Meier and cumulative incidence curves, time in stage. */
export function CycleTimesView() {
  const url = useViewFilters();
  const isRouting = useIsRouting();
  const [params, setParams] = useSearchParams<{ groupBy: string }>();
  const groupBy = () => firstValue(params.groupBy);
  // A groupBy the server does not know comes back as a validation problem, like any other filter.
  const input = () => ({ ...pickFilters(url.filters(), ['asOf', 'period', 'source']), ...(groupBy() ? { groupBy: groupBy() } : {}) }) as CycleTimesInput;
  const [report] = createResource(input, (query) => api.cycleTimes.view.query(query));
  return (
    <section class="view" classList={{ stale: isRouting() }}>
      <header class="view-header">
        <h1>Cycle times</h1>
        <p class="lede">How long leads created in the period took to convert and deals to close, counting the ones still open.</p>
      </header>
      <FilterBar withSource />
      <GroupBySelect value={groupBy()} onChange={(value) => setParams({ groupBy: value || undefined })} />
      <Suspense fallback={<LoadingNotice />}>
        <Switch>
          <Match when={report.error}>{(error) => <ProblemNotice error={error()} />}</Match>
          <Match when={report()}>{(loaded) => <CycleTimeFigures report={loaded()} filters={url.filters()} />}</Match>
        </Switch>
      </Suspense>
    </section>
  );
}

/** The drill-down links of every figure: the records created in the period, in the figure's group, with its outcome. */
function drillLinks(report: CycleTimesReport, filters: ViewFilters) {
  const groupBy = report.filters.group_by as GroupBy | null;
  const base = { asOf: report.as_of, period: filters.period ?? report.period, periodOn: 'created_at' };
  const scope = (isTotal: boolean, group: string | null): Record<string, WhereValue> => ({
    ...(report.filters.source ? { source: report.filters.source } : {}),
    ...(!isTotal && groupBy ? { [groupBy]: group } : {}),
  });
  const byDuration = { lead: { sort: 'days_to_convert', direction: 'asc' as const }, opportunity: { sort: 'days_to_close', direction: 'asc' as const } };
  const outcomeWhere: Record<CycleTimeDuration['journey'], Record<string, WhereValue>> = {
    lead_to_conversion: { is_converted: true },
    lead_to_disqualification: { exit_state: 'disqualified' },
    lead_to_exit: { has_exited: true },
    opportunity_to_won: { is_won: true },
    opportunity_to_lost: { is_lost: true },
    opportunity_to_close: { is_open: false },
  };
  const seriesWhere: Record<Curve, Record<CurveSeries, Record<string, WhereValue>>> = {
    time_to_close: { open: { is_open: true }, success: { is_won: true }, failure: { is_lost: true } },
    time_to_convert: { open: { exit_state: 'open' }, success: { is_converted: true }, failure: { exit_state: 'disqualified' } },
  };
  const kindOf = (curve: Curve) => (curve === 'time_to_close' ? 'opportunity' : 'lead');
  return {
    duration: (row: CycleTimeDuration) => recordsHref(row.record_kind, base, { ...scope(row.is_total, row.group_value), ...outcomeWhere[row.journey] }, byDuration[row.record_kind]),
    series: (curve: Curve, series: CurveSeries) => recordsHref(kindOf(curve), base, { ...scope(true, null), ...seriesWhere[curve][series] }, byDuration[kindOf(curve)]),
    group: (curve: Curve, group: string | null) => recordsHref(kindOf(curve), base, { ...scope(false, group), ...(curve === 'time_to_convert' ? { is_converted: true } : {}) }, byDuration[kindOf(curve)]),
    stage: (row: StageTime) => recordsHref('opportunity', base, { ...scope(row.is_total, row.group_value), stage: row.stage, is_open: true }, { sort: 'created_at', direction: 'asc' }),
  };
}

function CycleTimeFigures(props: { report: CycleTimesReport; filters: ViewFilters }) {
  const groupBy = () => props.report.filters.group_by as GroupBy | null;
  const links = () => drillLinks(props.report, props.filters);
  const durations = (kind: 'lead' | 'opportunity') => props.report.tables.durations.filter((row) => row.record_kind === kind);
  return (
    <>
      <AsOfLine asOf={props.report.as_of} asOfRequested={props.report.as_of_requested} period={props.report.period} periodAsked={props.filters.period} source={props.report.filters.source} />
      <Show when={props.report.tables.durations.length > 0} fallback={<EmptyNotice message="No lead or opportunity was created in this period with these filters." />}>
        <div class="card" data-testid="durations" style={{ display: 'flex', 'flex-direction': 'column', gap: '1.25rem' }}>
          <h2>Durations</h2>
          <section class="data-section">
            <h3>Opportunities</h3>
            <Show when={durations('opportunity').length > 0} fallback={<p class="muted">No opportunity was created in this period.</p>}>
              <CycleTimeTable kind="opportunity" rows={durations('opportunity')} groupBy={groupBy()} rowHref={links().duration} />
            </Show>
          </section>
          <section class="data-section">
            <h3>Leads</h3>
            <Show when={durations('lead').length > 0} fallback={<p class="muted">No lead was created in this period.</p>}>
              <CycleTimeTable kind="lead" rows={durations('lead')} groupBy={groupBy()} rowHref={links().duration} />
            </Show>
          </section>
        </div>
        <div class="figure-grid">
          <JourneyCurves report={props.report} curve="time_to_close" title="Time to close" href={(series) => links().series('time_to_close', series)} />
          <JourneyCurves report={props.report} curve="time_to_convert" title="Time to convert" href={(series) => links().series('time_to_convert', series)} />
        </div>
        <Show when={groupBy()}>
          {(grouping) => <GroupCurves report={props.report} groupBy={grouping()} href={(curve, group) => links().group(curve, group)} />}
        </Show>
        <StageTimes report={props.report} groupBy={groupBy()} href={links().stage} />
      </Show>
    </>
  );
}

function JourneyCurves(props: { report: CycleTimesReport; curve: Curve; title: string; href: (series: CurveSeries) => string }) {
  const steps = () => props.report.tables.curves.filter((step) => step.curve === props.curve && step.is_total);
  return (
    <figure class="card">
      <h2>{props.title}</h2>
      <Show when={steps().length > 1} fallback={<p class="muted">No {CURVE_WORDS[props.curve].records} with a duration in this period.</p>}>
        <PlotFigure testId={`${props.curve.replaceAll('_', '-')}-chart`} label={`${props.title}: Kaplan-Meier curve and cumulative incidence of each outcome`}
          chart={(width) => survivalChart(steps(), { width, seriesHref: props.href })} />
        <figcaption>{survivalCaption(props.curve, steps())}</figcaption>
      </Show>
    </figure>
  );
}

function GroupCurves(props: { report: CycleTimesReport; groupBy: GroupBy; href: (curve: Curve, group: string | null) => string }) {
  const steps = (curve: Curve) => props.report.tables.curves.filter((step) => step.curve === curve && !step.is_total);
  const name = () => GROUP_NAMES[props.groupBy][0].toLowerCase();
  return (
    <div class="figure-grid">
      <figure class="card">
        <h2>Time to close by {name()}</h2>
        <Show when={steps('time_to_close').length > 0} fallback={<p class="muted">No deals with a duration in this period.</p>}>
          <PlotFigure testId="time-to-close-by-group-chart" label={`Share of deals still open by ${name()}`}
            chart={(width) => groupCurvesChart(steps('time_to_close'), { width, measure: 'survival', yLabel: '↑ Deals still open (%, Kaplan-Meier)', measureWords: 'still open', records: 'deals', groupHref: (group) => props.href('time_to_close', group) })} />
          <figcaption>Kaplan-Meier share still open, either outcome closing a deal. The largest groups are drawn; the table lists them all. Click a curve for the group's deals.</figcaption>
        </Show>
      </figure>
      <figure class="card">
        <h2>Time to convert by {name()}</h2>
        <Show when={steps('time_to_convert').length > 0} fallback={<p class="muted">No leads with a duration in this period.</p>}>
          <PlotFigure testId="time-to-convert-by-group-chart" label={`Share of leads converted by ${name()}`}
            chart={(width) => groupCurvesChart(steps('time_to_convert'), { width, measure: 'success_incidence', yLabel: '↑ Leads converted (%, cumulative incidence)', measureWords: 'converted by then', records: 'leads', groupHref: (group) => props.href('time_to_convert', group) })} />
          <figcaption>Cumulative incidence of conversion, disqualification competing. Click a curve for the group's converted leads.</figcaption>
        </Show>
      </figure>
    </div>
  );
}

function StageTimes(props: { report: CycleTimesReport; groupBy: GroupBy | null; href: (row: StageTime) => string }) {
  const totals = () => props.report.tables.stages.filter((row) => row.is_total);
  return (
    <figure class="card" data-testid="stage-times">
      <h2>Time in stage</h2>
      <Show when={totals().length > 0} fallback={<p class="muted">No stage history for the deals of this period.</p>}>
        <PlotFigure testId="stage-time-chart" label="Days in each open stage: median, p75, p90 and Kaplan-Meier median" chart={(width) => stageTimeChart(totals(), { width, stageHref: props.href })} />
        <figcaption>All deals created in the period, from their stage history (to the snapshot where there is no CRM history). Click a bar for the deals still in that stage.</figcaption>
        <div style={{ 'margin-top': '1.25rem' }}>
          <StageTimeTable rows={props.report.tables.stages} groupBy={props.groupBy} rowHref={props.href} />
        </div>
      </Show>
    </figure>
  );
}
