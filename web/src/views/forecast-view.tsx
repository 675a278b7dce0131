import { useIsRouting } from '@solidjs/router';
import { createResource, Match, Show, Suspense, Switch } from 'solid-js';
import { forecastCategoriesChart } from '../charts/forecast-categories-chart.ts';
import type { ForecastDeals } from '../charts/forecast-style.ts';
import { forecastTrendChart } from '../charts/forecast-trend-chart.ts';
import { AsOfLine } from '../components/as-of-line.tsx';
import { FilterBar } from '../components/filter-bar.tsx';
import { ForecastChangesTable } from '../components/forecast-changes-table.tsx';
import { ForecastHeadline } from '../components/forecast-headline.tsx';
import { ForecastAccuracyTable, ForecastMethodsTable } from '../components/forecast-methods-table.tsx';
import { PipelineMovementLink, ZeroProbabilityNote } from '../components/forecast-notes.tsx';
import { ForecastOwnerTable } from '../components/forecast-owner-table.tsx';
import { PlotFigure } from '../components/plot-figure.tsx';
import { EmptyNotice, LoadingNotice, ProblemNotice } from '../components/problem-notice.tsx';
import { recordsHref, type WhereValue } from '../lib/records-link.ts';
import { api } from '../lib/trpc.ts';
import { useViewFilters } from '../lib/url-state.ts';
import { pickFilters, viewHref, type ViewFilters } from '../lib/view-links.ts';
import type { ForecastReport, ForecastSummary } from '../lib/view-reports.ts';

/** This period's forecast by category, its coverage of the target, and how it moved snapshot by snapshot. */
export function ForecastView() {
  const url = useViewFilters();
  const isRouting = useIsRouting();
  // The forecast has no source filter: a source in the URL (from the Funnel) is not sent.
  const [report] = createResource(() => pickFilters(url.filters(), ['asOf', 'period']), (input) => api.forecast.view.query(input));
  return (
    <section class="view" classList={{ stale: isRouting() }}>
      <header class="view-header">
        <h1>Forecast</h1>
        <p class="lede">What the period will close at: won so far, the weighted pipeline, the forecast categories and the coverage of the target. The default period is the quarter of the as-of snapshot.</p>
      </header>
      <FilterBar withSource={false} periodDefault="Default (quarter of the as-of snapshot)" />
      <Suspense fallback={<LoadingNotice />}>
        <Switch>
          <Match when={report.error}>{(error) => <ProblemNotice error={error()} />}</Match>
          <Match when={report()}>{(loaded) => <ForecastFigures report={loaded()} filters={url.filters()} />}</Match>
        </Switch>
      </Suspense>
    </section>
  );
}

/** The period as the URL wrote it, else the default the server resolved, so the records match the figures. */
function periodOf(report: ForecastReport, filters: ViewFilters): string {
  return filters.period ?? report.period;
}

/**
 * The records behind a forecast figure (DESIGN section 5): won deals closed in the period, or open
 * deals whose close date falls in it, all of them or those of one forecast category; `scope`
 * narrows them to one team's or owner's deals.
 */
function dealsHrefFor(report: ForecastReport, filters: ViewFilters) {
  const period = periodOf(report, filters);
  return (deals: ForecastDeals, snapshotDate?: string, scope: Record<string, WhereValue> = {}): string => {
    const asOf = snapshotDate ?? report.as_of;
    if (deals === 'closed_won') return recordsHref('opportunity', { asOf, period, periodOn: 'closed_on' }, { ...scope, is_won: true });
    const where: Record<string, WhereValue> = { ...scope, is_open: true };
    if (deals !== 'open_pipeline') where.forecast_category_or_stage = deals;
    return recordsHref('opportunity', { asOf, period, periodOn: 'close_date' }, where);
  };
}

function ForecastFigures(props: { report: ForecastReport; filters: ViewFilters }) {
  const dealsHref = () => dealsHrefFor(props.report, props.filters);
  const pipelineHref = () => viewHref('/pipeline', pickFilters(props.filters, ['asOf', 'period']));
  return (
    <>
      <AsOfLine asOf={props.report.as_of} asOfRequested={props.report.as_of_requested} period={props.report.period} periodAsked={props.filters.period} />
      <Show when={props.report.tables.summary[0]} fallback={<EmptyNotice message="The forecast could not be computed for this period." />}>
        {(summary) => (
          <>
            <ForecastHeadline summary={summary()} dealsHref={dealsHref()} />
            <ZeroProbabilityNote count={summary().deals_at_zero_probability} />
            <PipelineMovementLink href={pipelineHref()} />
            <ForecastCharts report={props.report} summary={summary()} dealsHref={dealsHref()} />
            <ForecastChanges report={props.report} filters={props.filters} />
            <section class="card">
              <h2>By team and owner</h2>
              <Show when={props.report.tables.byOwner.length > 0} fallback={<EmptyNotice message="No team or owner has a deal or a target in this period." />}>
                <ForecastOwnerTable rows={props.report.tables.byOwner} dealsHref={(deals, scope) => dealsHref()(deals, undefined, scope)} />
              </Show>
            </section>
            <div class="figure-grid">
              <div class="card"><ForecastMethodsTable rows={props.report.tables.methods} /></div>
              <div class="card">
                <Show when={props.report.tables.backtest.some((row) => row.quarters > 0)} fallback={<EmptyNotice message="No past quarter has snapshots yet: the backtest needs history." />}>
                  <ForecastAccuracyTable rows={props.report.tables.backtest} />
                </Show>
              </div>
            </div>
          </>
        )}
      </Show>
    </>
  );
}

function ForecastCharts(props: { report: ForecastReport; summary: ForecastSummary; dealsHref: (deals: ForecastDeals, snapshotDate?: string) => string }) {
  const hasDeals = () => props.summary.closed_won_deals > 0 || props.summary.open_deals > 0;
  return (
    <Show when={hasDeals()} fallback={<EmptyNotice message="No deal was won in this period, and no open deal closes in it, as of this snapshot." />}>
      <div class="figure-grid">
        <figure class="card">
          <h2>Forecast categories against the target</h2>
          <PlotFigure testId="forecast-categories-chart" label="Forecast categories against the target" chart={(width) => forecastCategoriesChart(props.summary, { width, dealsHref: props.dealsHref })} />
        </figure>
        <figure class="card">
          <h2>How the forecast moved, snapshot by snapshot</h2>
          <Show when={props.report.tables.trend.length > 0} fallback={<p class="muted">No snapshot in this period's window.</p>}>
            <PlotFigure testId="forecast-trend-chart" label="How the forecast moved, snapshot by snapshot" chart={(width) => forecastTrendChart(props.report.tables.trend, { width, target: props.summary.target, dealsHref: props.dealsHref })} />
          </Show>
        </figure>
      </div>
    </Show>
  );
}

/** Under the trend: what moved the forecast from each snapshot to the next, once there are two. */
function ForecastChanges(props: { report: ForecastReport; filters: ViewFilters }) {
  return (
    <section class="card">
      <h2>What moved the forecast</h2>
      <Show when={props.report.tables.trendChanges.length > 0} fallback={<p class="muted" data-testid="forecast-changes-empty">One snapshot in this period's window: nothing to compare it with yet.</p>}>
        <ForecastChangesTable rows={props.report.tables.trendChanges} period={periodOf(props.report, props.filters)} />
      </Show>
    </section>
  );
}
