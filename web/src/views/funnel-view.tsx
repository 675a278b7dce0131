import { useIsRouting } from '@solidjs/router';
import { createResource, Match, Show, Suspense, Switch } from 'solid-js';
import { conversionChart } from '../charts/conversion-chart.ts';
import { funnelChart } from '../charts/funnel-chart.ts';
import { AsOfLine } from '../components/as-of-line.tsx';
import { CohortTable } from '../components/cohort-table.tsx';
import { FilterBar } from '../components/filter-bar.tsx';
import { PlotFigure } from '../components/plot-figure.tsx';
import { EmptyNotice, LoadingNotice, ProblemNotice } from '../components/problem-notice.tsx';
import { api } from '../lib/trpc.ts';
import { useViewFilters } from '../lib/url-state.ts';
import { pickFilters, viewHref, type ViewFilters } from '../lib/view-links.ts';
import type { FunnelReport } from '../lib/view-reports.ts';

// A cohort month is a period of its own; "(no date)" (period all) is not, so it has no drill-down.
const COHORT_MONTH = /^\d{4}-\d{2}$/;

/** Lead -> MQL -> SQL -> opportunity -> won for the period's cohorts, and conversion by cohort month. */
export function FunnelView() {
  const url = useViewFilters();
  const isRouting = useIsRouting();
  const [report] = createResource(() => pickFilters(url.filters(), ['asOf', 'period', 'source']), (input) => api.funnel.view.query(input));
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
          <Match when={report()}>{(loaded) => <FunnelFigures report={loaded()} filters={url.filters()} />}</Match>
        </Switch>
      </Suspense>
    </section>
  );
}

function FunnelFigures(props: { report: FunnelReport; filters: ViewFilters }) {
  const cohortHref = (month: string) => (COHORT_MONTH.test(month) ? viewHref('/funnel', { ...props.filters, period: month }) : undefined);
  return (
    <>
      <AsOfLine asOf={props.report.as_of} asOfRequested={props.report.as_of_requested} period={props.report.period} periodAsked={props.filters.period} source={props.report.filters.source} />
      <Show when={props.report.tables.cohorts.length > 0} fallback={<EmptyNotice message="No leads were created in this period with these filters." />}>
        <div class="figure-grid">
          <figure class="card">
            <h2>Funnel</h2>
            <PlotFigure testId="funnel-chart" label="Funnel: leads reaching each step" chart={(width) => funnelChart(props.report.tables.steps, { width })} />
          </figure>
          <figure class="card">
            <h2>Conversion by cohort month</h2>
            <PlotFigure testId="conversion-chart" label="Conversion by cohort month" chart={(width) => conversionChart(props.report.tables.cohorts, { width, cohortHref })} />
          </figure>
        </div>
        <div class="card">
          <CohortTable cohorts={props.report.tables.cohorts} cohortHref={cohortHref} />
        </div>
      </Show>
    </>
  );
}
