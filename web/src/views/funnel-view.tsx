import { useIsRouting, useSearchParams } from '@solidjs/router';
import { createResource, For, Match, Show, Suspense, Switch } from 'solid-js';
import { conversionChart } from '../charts/conversion-chart.ts';
import { funnelChart } from '../charts/funnel-chart.ts';
import { segmentChart } from '../charts/segment-chart.ts';
import { AsOfLine } from '../components/as-of-line.tsx';
import { CohortTable, CountLink } from '../components/cohort-table.tsx';
import { CohortWindowsTable } from '../components/cohort-windows-table.tsx';
import { FilterBar } from '../components/filter-bar.tsx';
import { funnelScope, periodOpportunitiesHref, segmentLeadsHref, stepLeadsHref, type FunnelScope } from '../components/funnel-record-links.ts';
import { PlotFigure } from '../components/plot-figure.tsx';
import { EmptyNotice, LoadingNotice, ProblemNotice } from '../components/problem-notice.tsx';
import { SegmentTable } from '../components/segment-table.tsx';
import { formatRatio } from '../lib/format.ts';
import { api } from '../lib/trpc.ts';
import { useViewFilters } from '../lib/url-state.ts';
import { pickFilters, viewHref, type ViewFilters } from '../lib/view-links.ts';
import type { FunnelPeriodRatio, FunnelReport, FunnelSegment } from '../lib/view-reports.ts';

// A cohort month is a period of its own; "(no date)" (period all) is not, so it has no drill-down.
const COHORT_MONTH = /^\d{4}-\d{2}$/;

/** What the "by segment" part can be split by, as the procedure names it and as a person reads it. */
const GROUP_BY_CHOICES: { value: FunnelSegment['dimension']; label: string }[] = [
  { value: 'source', label: 'Source' },
  { value: 'owner', label: 'Owner' },
  { value: 'team', label: 'Team' },
  { value: 'industry', label: 'Industry' },
  { value: 'country', label: 'Country' },
  { value: 'company_size', label: 'Company size' },
];

type FunnelInput = Parameters<typeof api.funnel.view.query>[0];

/** Lead -> MQL -> SQL -> opportunity -> won for the period's cohorts, conversion by cohort month, the funnel by segment. */
export function FunnelView() {
  const url = useViewFilters();
  const [params, setParams] = useSearchParams<{ groupBy?: string }>();
  const isRouting = useIsRouting();
  // The split of the segments table lives in the URL (`groupBy`) like the filters; the procedure checks its value.
  const groupBy = () => (typeof params.groupBy === 'string' && params.groupBy !== '' ? params.groupBy : undefined);
  const input = () => ({ ...pickFilters(url.filters(), ['asOf', 'period', 'source']), ...(groupBy() ? { groupBy: groupBy() } : {}) }) as FunnelInput;
  const [report] = createResource(input, (query) => api.funnel.view.query(query));
  return (
    <section class="view" classList={{ stale: isRouting() }}>
      <header class="view-header">
        <h1>Funnel</h1>
        <p class="lede">Leads created in the period, by the furthest step each reached by the as-of snapshot.</p>
      </header>
      <FilterBar withSource />
      <Suspense fallback={<LoadingNotice />}>
        <Switch>
          <Match when={report.error}>{(error) => <ProblemNotice error={error()} />}</Match>
          <Match when={report()}>
            {(loaded) => <FunnelFigures report={loaded()} filters={url.filters()} onGroupBy={(value) => setParams({ groupBy: value === 'source' ? undefined : value })} />}
          </Match>
        </Switch>
      </Suspense>
    </section>
  );
}

function FunnelFigures(props: { report: FunnelReport; filters: ViewFilters; onGroupBy: (dimension: string) => void }) {
  const cohortHref = (month: string) => (COHORT_MONTH.test(month) ? viewHref('/funnel', { ...props.filters, period: month }) : undefined);
  const scope = () => funnelScope(props.report, props.filters.period);
  const tables = () => props.report.tables;
  return (
    <>
      <AsOfLine asOf={props.report.as_of} asOfRequested={props.report.as_of_requested} period={props.report.period} periodAsked={props.filters.period} source={props.report.filters.source} />
      <Show when={tables().cohorts.length > 0} fallback={<EmptyNotice message="No leads were created in this period with these filters." />}>
        <div class="figure-grid">
          <figure class="card">
            <h2>Funnel</h2>
            <PlotFigure testId="funnel-chart" label="Funnel: leads reaching each step" chart={(width) => funnelChart(tables().steps, { width, stepHref: (step) => stepLeadsHref(scope(), step.step) })} />
            <figcaption>Click a bar to list its leads.</figcaption>
            <PeriodRatioTotal rows={tables().period_ratio} scope={scope()} />
          </figure>
          <figure class="card">
            <h2>Conversion by cohort month</h2>
            <PlotFigure testId="conversion-chart" label="Conversion by cohort month" chart={(width) => conversionChart(tables().cohorts, { width, cohortHref })} />
          </figure>
        </div>
        <div class="card">
          <CohortTable cohorts={tables().cohorts} periodRatio={tables().period_ratio} scope={scope()} cohortHref={cohortHref} />
          <MonthsWithoutLeads rows={tables().period_ratio} scope={scope()} />
        </div>
        <section class="card" aria-labelledby="windows-heading" data-testid="windows-section">
          <h2 id="windows-heading">Conversion within 30, 60 and 90 days</h2>
          <CohortWindowsTable cohorts={tables().cohorts} scope={scope()} cohortHref={cohortHref} />
        </section>
        <SegmentSection segments={tables().segments} scope={scope()} onGroupBy={props.onGroupBy} />
      </Show>
    </>
  );
}

/** The period ratio of the whole period, labelled so it is not read as a conversion rate. */
function PeriodRatioTotal(props: { rows: FunnelPeriodRatio[]; scope: FunnelScope }) {
  const total = () => props.rows.find((row) => row.is_total);
  return (
    <Show when={total()}>
      {(row) => (
        <p class="muted" data-testid="period-ratio-total" style={{ margin: '0.5rem 0 0' }}>
          Period ratio: opportunities created ÷ leads created in the period ={' '}
          <CountLink count={row().opportunities_created} href={periodOpportunitiesHref(props.scope)} title="List the opportunities created in the period" /> ÷{' '}
          <CountLink count={row().leads_created} href={stepLeadsHref(props.scope, 'lead')} title="List the leads created in the period" /> ={' '}
          <strong>{formatRatio(row().period_ratio)}</strong>. Not a conversion rate: those opportunities need not come from those leads.
        </p>
      )}
    </Show>
  );
}

/** Months of the period where opportunities were created but no lead was: their period ratio has no denominator. */
function MonthsWithoutLeads(props: { rows: FunnelPeriodRatio[]; scope: FunnelScope }) {
  const months = () => props.rows.filter((row) => !row.is_total && row.leads_created === 0);
  return (
    <Show when={months().length > 0}>
      <p class="muted" data-testid="months-without-leads">
        Opportunities created in months with no lead created:{' '}
        <For each={months()}>{(row, i) => <>{i() > 0 ? ', ' : ''}{row.month} (<CountLink count={row.opportunities_created} href={periodOpportunitiesHref({ ...props.scope, period: row.month })} title={`List the opportunities created in ${row.month}`} />)</>}</For>.
      </p>
    </Show>
  );
}

function SegmentSection(props: { segments: FunnelSegment[]; scope: FunnelScope; onGroupBy: (dimension: string) => void }) {
  const dimension = () => props.segments[0]?.dimension ?? 'source';
  const label = () => GROUP_BY_CHOICES.find((choice) => choice.value === dimension())?.label ?? dimension();
  return (
    <section class="card" aria-labelledby="segments-heading" data-testid="segments-section">
      <div style={{ display: 'flex', 'flex-wrap': 'wrap', gap: '0.5rem 1rem', 'align-items': 'baseline', 'justify-content': 'space-between' }}>
        <h2 id="segments-heading">Funnel by {label().toLowerCase()}</h2>
        <label class="filter-field" style={{ 'flex-direction': 'row', 'align-items': 'baseline', gap: '0.5rem' }}>
          <span class="filter-label">Group by</span>
          <select data-testid="segment-group-by" onChange={(event) => props.onGroupBy(event.currentTarget.value)}>
            <For each={GROUP_BY_CHOICES}>{(choice) => <option value={choice.value} selected={choice.value === dimension()}>{choice.label}</option>}</For>
          </select>
        </label>
      </div>
      <PlotFigure
        testId="segment-chart"
        label={`Lead to opportunity conversion by ${label().toLowerCase()}`}
        chart={(width) => segmentChart(props.segments, { width, dimensionLabel: label().toLowerCase(), segmentHref: (segment) => segmentLeadsHref(props.scope, segment, 'opportunity') })}
      />
      <SegmentTable segments={props.segments} scope={props.scope} dimensionLabel={label()} />
    </section>
  );
}
