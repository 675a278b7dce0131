import { useIsRouting } from '@solidjs/router';
import { createResource, Match, Show, Suspense, Switch } from 'solid-js';
import { sourceConversionChart } from '../charts/source-conversion-chart.ts';
import { sourceRoiChart } from '../charts/source-roi-chart.ts';
import { winRateChart } from '../charts/win-rate-chart.ts';
import { AsOfLine } from '../components/as-of-line.tsx';
import { CampaignRoiTable } from '../components/campaign-roi-table.tsx';
import { FilterBar } from '../components/filter-bar.tsx';
import { PlotFigure } from '../components/plot-figure.tsx';
import { EmptyNotice, LoadingNotice, ProblemNotice } from '../components/problem-notice.tsx';
import { sourceLeadsHref, sourceWonHref, type ReportScope } from '../components/roi-record-links.ts';
import { SourceComparePanel } from '../components/source-compare-panel.tsx';
import { SourceQualityTable, SourceRoiTable } from '../components/source-roi-table.tsx';
import { WinRateTable } from '../components/win-rate-table.tsx';
import { api } from '../lib/trpc.ts';
import { useViewFilters } from '../lib/url-state.ts';
import { pickFilters, viewHref, type ViewFilters } from '../lib/view-links.ts';
import type { SourceWinRate, SourcesReport } from '../lib/view-reports.ts';

/** Source quality and ROI for the period, a comparison of two sources, and win rate by source. */
export function SourcesView() {
  const url = useViewFilters();
  const isRouting = useIsRouting();
  // The view takes no source filter: a source in the URL (from another view) is not sent.
  const [report] = createResource(() => pickFilters(url.filters(), ['asOf', 'period']), (input) => api.sources.view.query(input));
  return (
    <section class="view" classList={{ stale: isRouting() }}>
      <header class="view-header">
        <h1>Sources</h1>
        <p class="lede">Which lead sources and campaigns bring opportunities and revenue, at what cost; whether one source really converts better than another; and win rate by source.</p>
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
  return (
    <>
      <AsOfLine asOf={props.report.as_of} asOfRequested={props.report.as_of_requested} period={props.report.period} periodAsked={props.filters.period} />
      <RoiFigures report={props.report} filters={props.filters} />
      <WinRateFigures report={props.report} filters={props.filters} />
    </>
  );
}

function RoiFigures(props: { report: SourcesReport; filters: ViewFilters }) {
  // Drill-downs list the records of the snapshot and days the figures were computed for.
  const scope = (): ReportScope => ({ asOf: props.report.as_of, period: props.report.period });
  const rows = () => props.report.tables.roi;
  const campaigns = () => props.report.tables.campaigns;
  return (
    <Show when={rows().some((row) => !row.is_total)} fallback={<EmptyNotice message="No cost, lead or opportunity in this period." />}>
      <div class="figure-grid">
        <figure class="card">
          <h2>Cost and revenue won by source</h2>
          <PlotFigure
            testId="source-roi-chart" label="Cost and revenue won in the period per source"
            chart={(width) => sourceRoiChart(rows(), { width, barHref: (row, measure) => (measure === 'Cost' ? sourceLeadsHref(scope(), row) : sourceWonHref(scope(), row)) })}
          />
          <figcaption>ROI = (revenue won − cost) / cost, for the period. A cost bar opens the source's leads, a revenue bar its won deals.</figcaption>
        </figure>
        <figure class="card">
          <h2>Lead → opportunity conversion by source</h2>
          <PlotFigure
            testId="source-conversion-chart" label="Conversion of each source's lead cohort"
            chart={(width) => sourceConversionChart(rows(), { width, sourceHref: (row) => sourceLeadsHref(scope(), row) })}
          />
          <figcaption>Dots: share of the period's leads converted by the as-of date. Bars: 95% Wilson interval. The diamond is all sources.</figcaption>
        </figure>
      </div>
      <div class="card">
        <h2>Cost and return by source</h2>
        <SourceRoiTable rows={rows()} scope={scope()} />
      </div>
      <div class="card">
        <h2>Source quality: conversion, win rate and cycle</h2>
        <SourceQualityTable rows={rows()} scope={scope()} />
      </div>
      <SourceComparePanel sources={rows()} filters={props.filters} />
      <div class="card">
        <h2>Campaigns</h2>
        <Show when={campaigns().some((row) => !row.is_total)} fallback={<p class="muted" data-testid="campaigns-empty">No campaign spent, or brought a lead or deal, in this period.</p>}>
          <CampaignRoiTable rows={campaigns()} scope={scope()} />
        </Show>
      </div>
    </Show>
  );
}

function WinRateFigures(props: { report: SourcesReport; filters: ViewFilters }) {
  // The total row is every source together: its funnel is the unfiltered one, reached from the nav.
  const sourceHref = (row: SourceWinRate) => (row.is_total ? undefined : viewHref('/funnel', { asOf: props.filters.asOf, period: props.filters.period, source: row.source }));
  const rows = () => props.report.tables.win_rate_by_source;
  return (
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
  );
}
