import { useIsRouting } from '@solidjs/router';
import { createResource, Match, Show, Suspense, Switch } from 'solid-js';
import { winRateChart } from '../charts/win-rate-chart.ts';
import { AsOfLine } from '../components/as-of-line.tsx';
import { FilterBar } from '../components/filter-bar.tsx';
import { PlotFigure } from '../components/plot-figure.tsx';
import { EmptyNotice, LoadingNotice, ProblemNotice } from '../components/problem-notice.tsx';
import { WinRateTable } from '../components/win-rate-table.tsx';
import { api } from '../lib/trpc.ts';
import { useViewFilters } from '../lib/url-state.ts';
import { pickFilters, viewHref, type ViewFilters } from '../lib/view-links.ts';
import type { SourceWinRate, SourcesReport } from '../lib/view-reports.ts';

/** Win rate by source for opportunities closed in the period. */
export function SourcesView() {
  const url = useViewFilters();
  const isRouting = useIsRouting();
  // The view takes no source filter: a source in the URL (from another view) is not sent.
  const [report] = createResource(() => pickFilters(url.filters(), ['asOf', 'period']), (input) => api.sources.view.query(input));
  return (
    <section class="view" classList={{ stale: isRouting() }}>
      <header class="view-header">
        <h1>Sources</h1>
        <p class="lede">Win rate of the opportunities closed in the period, by the source of the lead they came from.</p>
      </header>
      <FilterBar withSource={false} />
      <Suspense fallback={<LoadingNotice />}>
        <Switch>
          <Match when={report.error}>{(error) => <ProblemNotice error={error()} />}</Match>
          <Match when={report()}>{(loaded) => <SourcesFigures report={loaded()} filters={url.filters()} />}</Match>
        </Switch>
      </Suspense>
    </section>
  );
}

function SourcesFigures(props: { report: SourcesReport; filters: ViewFilters }) {
  // The total row is every source together: its funnel is the unfiltered one, reached from the nav.
  const sourceHref = (row: SourceWinRate) => (row.is_total ? undefined : viewHref('/funnel', { asOf: props.filters.asOf, period: props.filters.period, source: row.source }));
  const rows = () => props.report.tables.win_rate_by_source;
  return (
    <>
      <AsOfLine asOf={props.report.as_of} asOfRequested={props.report.as_of_requested} period={props.report.period} periodAsked={props.filters.period} />
      <Show when={rows().some((row) => !row.is_total)} fallback={<EmptyNotice message="No opportunity was closed (won or lost) in this period." />}>
        <figure class="card">
          <h2>Win rate by source</h2>
          <PlotFigure testId="win-rate-chart" label="Win rate by count per source" chart={(width) => winRateChart(rows(), { width, sourceHref })} />
          <figcaption>Dots: won / (won + lost). Bars: 95% Wilson interval. The diamond is all sources together.</figcaption>
        </figure>
        <div class="card">
          <WinRateTable rows={rows()} sourceHref={sourceHref} />
        </div>
      </Show>
    </>
  );
}
