import { A, Route, Router, useLocation, type RouteSectionProps } from '@solidjs/router';
import { createEffect, ErrorBoundary, on } from 'solid-js';
import { useViewFilters } from './lib/url-state.ts';
import { viewHref } from './lib/view-links.ts';
import { AuditView } from './views/audit-view.tsx';
import { CycleTimesView } from './views/cycle-times-view.tsx';
import { DataView } from './views/data-view.tsx';
import { ForecastView } from './views/forecast-view.tsx';
import { FunnelView } from './views/funnel-view.tsx';
import { PipelineView } from './views/pipeline-view.tsx';
import { RecordDetailView } from './views/record-detail-view.tsx';
import { RecordsView } from './views/records-view.tsx';
import { SourcesView } from './views/sources-view.tsx';

/** The dashboard: one route per view; `/` is the Funnel. */
export function App() {
  return (
    <Router root={Shell}>
      <Route path={['/', '/funnel']} component={FunnelView} />
      <Route path="/sources" component={SourcesView} />
      <Route path="/cycle-times" component={CycleTimesView} />
      <Route path="/forecast" component={ForecastView} />
      <Route path="/pipeline" component={PipelineView} />
      <Route path="/audit" component={AuditView} />
      <Route path="/data" component={DataView} />
      <Route path="/records" component={RecordsView} />
      <Route path="/records/:kind/:system/:id" component={RecordDetailView} />
      <Route path="*" component={PageNotFound} />
    </Router>
  );
}

function Shell(props: RouteSectionProps) {
  const url = useViewFilters();
  const location = useLocation();
  // Moving between views keeps the snapshot and period; the source filter belongs to the Funnel.
  const shared = () => ({ asOf: url.filters().asOf, period: url.filters().period });
  const isFunnel = () => location.pathname === '/' || location.pathname.startsWith('/funnel');
  return (
    <div class="shell">
      <header class="top-bar">
        <span class="brand">leadlens</span>
        <nav aria-label="Views">
          <A href={viewHref('/funnel', shared())} classList={{ current: isFunnel() }} aria-current={isFunnel() ? 'page' : undefined}>Funnel</A>
          <A href={viewHref('/sources', shared())} end>Sources</A>
          <A href={viewHref('/cycle-times', shared())} end>Cycle times</A>
          <A href={viewHref('/forecast', shared())} end>Forecast</A>
          <A href={viewHref('/pipeline', shared())} end>Pipeline</A>
          {/* The audit is by quarter, not by period: only the snapshot goes along. */}
          <A href={viewHref('/audit', { asOf: url.filters().asOf })} end>Audit</A>
          <A href={viewHref('/data', shared())} end>Data</A>
        </nav>
      </header>
      <main>
        <ErrorBoundary fallback={(error, reset) => <Broken error={error} reset={reset} />}>{props.children}</ErrorBoundary>
      </main>
    </div>
  );
}

// A fault in drawing a view (not a failed request: views show those themselves); following any link clears it.
function Broken(props: { error: unknown; reset: () => void }) {
  const location = useLocation();
  createEffect(on(() => location.pathname + location.search, () => props.reset(), { defer: true }));
  return (
    <div class="notice problem" role="alert" data-testid="problem">
      <h2>This view could not be drawn</h2>
      <p>{props.error instanceof Error ? props.error.message : String(props.error)}</p>
    </div>
  );
}

function PageNotFound() {
  return (
    <div class="notice" data-testid="not-found">
      <h2>No such page</h2>
      <p>Open the <A href="/funnel">Funnel</A>, the <A href="/sources">Sources</A> or the <A href="/data">Data</A> view.</p>
    </div>
  );
}
