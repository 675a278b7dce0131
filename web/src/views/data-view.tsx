import { useIsRouting } from '@solidjs/router';
import { createResource, Match, Show, Suspense, Switch } from 'solid-js';
import { recordChangesChart, rowsLoadedChart } from '../charts/loads-chart.ts';
import { AsOfLine } from '../components/as-of-line.tsx';
import { DataChecks } from '../components/data-checks.tsx';
import { FilterBar } from '../components/filter-bar.tsx';
import { FreshnessCards } from '../components/freshness-cards.tsx';
import { LoadsTable } from '../components/loads-table.tsx';
import { PlotFigure } from '../components/plot-figure.tsx';
import { EmptyNotice, LoadingNotice, ProblemNotice } from '../components/problem-notice.tsx';
import { RecordCountsTable } from '../components/record-counts-table.tsx';
import { RefusedLoadsTable, RejectedRowsTable } from '../components/rejects-tables.tsx';
import { formatCount } from '../lib/format.ts';
import { api } from '../lib/trpc.ts';
import { useViewFilters } from '../lib/url-state.ts';
import { pickFilters } from '../lib/view-links.ts';
import type { DataReport } from '../lib/view-reports.ts';

// The procedure sends at most this many loads and rejected rows, newest first.
const SERVER_ROW_LIMIT = 500;

/** What is in the warehouse: snapshots loaded per CRM, rows, rejects and refused loads, record counts, data checks, freshness. */
export function DataView() {
  const url = useViewFilters();
  const isRouting = useIsRouting();
  // Only the as-of date applies here: a period or source in the URL (from another view) is not sent.
  const [report] = createResource(() => pickFilters(url.filters(), ['asOf']), (input) => api.data.view.query(input));
  return (
    <section class="view" classList={{ stale: isRouting() }}>
      <header class="view-header">
        <h1>Data</h1>
        <p class="lede">The snapshots loaded from each CRM, what they held, what was left out and why, and how fresh the data is.</p>
      </header>
      <FilterBar withSource={false} withPeriod={false} />
      <Suspense fallback={<LoadingNotice />}>
        <Switch>
          <Match when={report.error}>{(error) => <ProblemNotice error={error()} />}</Match>
          <Match when={report()}>{(loaded) => <DataFigures report={loaded()} />}</Match>
        </Switch>
      </Suspense>
    </section>
  );
}

function DataFigures(props: { report: DataReport }) {
  const tables = () => props.report.tables;
  const loaded = () => tables().loads.filter((load) => load.status === 'loaded');
  return (
    <>
      <Show when={props.report.as_of} fallback={<NothingLoadedNotice refusals={tables().refused_loads.length} />}>
        {(asOf) => <AsOfLine asOf={asOf()} asOfRequested={props.report.as_of_requested} scope="for the data checks; the loads, record counts and freshness cover every snapshot" />}
      </Show>
      <section class="data-section" aria-labelledby="freshness-heading" data-testid="freshness-section">
        <h2 id="freshness-heading">Freshness</h2>
        <Show when={tables().freshness.length > 0} fallback={<EmptyNotice message="No snapshot loaded yet." />}>
          <FreshnessCards systems={tables().freshness} />
        </Show>
      </section>
      <Show when={loaded().length > 0}>
        <div class="figure-grid">
          <figure class="card">
            <h2>Rows loaded per snapshot</h2>
            <PlotFigure testId="rows-loaded-chart" label="Rows loaded per snapshot, by system" chart={(width) => rowsLoadedChart(tables().loads, { width })} />
            <figcaption>Rows read from every file of the snapshot and kept. Replaced loads are left out.</figcaption>
          </figure>
          <figure class="card">
            <h2>Records created, changed and deleted</h2>
            <PlotFigure testId="record-changes-chart" label="Records created, changed and deleted per snapshot" chart={(width) => recordChangesChart(tables().loads, { width })} />
            <figcaption>Against the system's previous snapshot; its first snapshot creates every record.</figcaption>
          </figure>
        </div>
      </Show>
      <section class="card" aria-labelledby="loads-heading" data-testid="loads-section">
        <h2 id="loads-heading">Loads</h2>
        <LoadsTable loads={tables().loads} />
        <Show when={tables().loads.length >= SERVER_ROW_LIMIT}>
          <p class="muted">Only the newest {formatCount(SERVER_ROW_LIMIT)} loads are listed.</p>
        </Show>
      </section>
      <div class="figure-grid">
        <section class="card" aria-labelledby="counts-heading" data-testid="record-counts-section">
          <h2 id="counts-heading">Record counts</h2>
          <RecordCountsTable rows={tables().record_counts} />
        </section>
        <Show when={props.report.as_of}>
          {(asOf) => (
            <section class="card" aria-labelledby="checks-heading" data-testid="checks-section">
              <h2 id="checks-heading">Data checks as of {asOf()}</h2>
              <DataChecks checks={tables().checks} asOf={asOf()} />
            </section>
          )}
        </Show>
      </div>
      <section class="card" aria-labelledby="rejects-heading" data-testid="rejects-section">
        <h2 id="rejects-heading">Rejected rows</h2>
        <RejectedRowsTable rows={tables().rejects} />
        <Show when={tables().rejects.length >= SERVER_ROW_LIMIT}>
          <p class="muted">Only the first {formatCount(SERVER_ROW_LIMIT)} rejected rows are listed.</p>
        </Show>
      </section>
      <section class="card" aria-labelledby="refused-heading" data-testid="refused-section">
        <h2 id="refused-heading">Refused loads</h2>
        <RefusedLoadsTable loads={tables().refused_loads} />
      </section>
    </>
  );
}

/** Before the first snapshot loads, the page says so and points at why: the refused loads listed below it. */
function NothingLoadedNotice(props: { refusals: number }) {
  return (
    <p class="as-of-line" data-testid="nothing-loaded">
      No snapshot has been loaded yet.{' '}
      {props.refusals > 0
        ? `${props.refusals === 1 ? 'One load was' : `${formatCount(props.refusals)} loads were`} refused: see Refused loads below for the file, row, column and value.`
        : 'Load one with npm run ingest (README, "Load your data").'}
    </p>
  );
}
