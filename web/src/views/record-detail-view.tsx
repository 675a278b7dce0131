import { useIsRouting, useParams } from '@solidjs/router';
import { TRPCClientError } from '@trpc/client';
import { createResource, Match, Show, Suspense, Switch } from 'solid-js';
import { amountTimelineChart, stateTimelineChart } from '../charts/record-timeline-chart.ts';
import { AsOfLine } from '../components/as-of-line.tsx';
import { FilterBar } from '../components/filter-bar.tsx';
import { PlotFigure } from '../components/plot-figure.tsx';
import { EmptyNotice, LoadingNotice, ProblemNotice } from '../components/problem-notice.tsx';
import { LeadAttributes, OpportunityAttributes } from '../components/record-attributes.tsx';
import { RecordFindings } from '../components/record-findings.tsx';
import { VersionsTable } from '../components/versions-table.tsx';
import { formatSentence } from '../lib/format.ts';
import { api } from '../lib/trpc.ts';
import { useViewFilters } from '../lib/url-state.ts';
import type { LeadRecord, OpportunityRecord, RecordDetail } from '../lib/view-reports.ts';

type DetailInput = Parameters<typeof api.records.detail.query>[0];

/** One lead or opportunity as of a snapshot, with its snapshot timeline (`/records/:kind/:system/:id?asOf=`). */
export function RecordDetailView() {
  const params = useParams<{ kind: string; system: string; id: string }>();
  const url = useViewFilters();
  const isRouting = useIsRouting();
  // The kind goes to the procedure as written: it answers a bad one with a validation error.
  const input = () => ({ kind: params.kind, system: params.system, id: params.id, ...(url.filters().asOf ? { asOf: url.filters().asOf } : {}) }) as DetailInput;
  const [detail] = createResource(input, (query) => api.records.detail.query(query));
  const noun = () => (params.kind === 'opportunity' ? 'Opportunity' : params.kind === 'lead' ? 'Lead' : 'Record');
  return (
    <section class="view" classList={{ stale: isRouting() }}>
      <header class="view-header">
        <h1 data-testid="record-title">{noun()} {params.id}</h1>
        <p class="lede">From system {params.system}: what it looked like as of the snapshot, and every change the snapshots recorded.</p>
      </header>
      <FilterBar withSource={false} withPeriod={false} />
      <Suspense fallback={<LoadingNotice />}>
        <Switch>
          <Match when={detail.error}>{(error) => <DetailProblem error={error()} />}</Match>
          <Match when={detail()}>{(loaded) => <RecordFigures detail={loaded()} system={params.system} id={params.id} asOfRequested={url.filters().asOf ?? null} />}</Match>
        </Switch>
      </Suspense>
    </section>
  );
}

function DetailProblem(props: { error: unknown }) {
  const isMissing = () => props.error instanceof TRPCClientError && props.error.data?.code === 'NOT_FOUND' && /^no (lead|opportunity) /.test(props.error.message);
  return (
    <Show when={isMissing()} fallback={<ProblemNotice error={props.error} />}>
      <div class="notice problem" role="alert" data-testid="problem">
        <h2>No such record</h2>
        <p>{formatSentence((props.error as Error).message)}.</p>
      </div>
    </Show>
  );
}

function RecordFigures(props: { detail: RecordDetail; system: string; id: string; asOfRequested: string | null }) {
  const kind = () => props.detail.kind;
  const stateNoun = () => (kind() === 'opportunity' ? 'Stage' : 'Status');
  const hasAmounts = () => props.detail.timeline.some((version) => version.amount !== null);
  return (
    <>
      <AsOfLine asOf={props.detail.as_of} asOfRequested={props.asOfRequested} scope="for the attributes; the timeline shows every snapshot" />
      <Show when={props.detail.record} fallback={<EmptyNotice message={`This ${kind()} does not exist as of ${props.detail.as_of} (created later, or deleted by then); its timeline below shows when it did.`} />}>
        {(record) => (
          <Show when={kind() === 'lead'} fallback={<OpportunityAttributes deal={record() as OpportunityRecord} asOf={props.detail.as_of} />}>
            <LeadAttributes lead={record() as LeadRecord} asOf={props.detail.as_of} />
          </Show>
        )}
      </Show>
      <RecordFindings kind={kind()} system={props.system} id={props.id} asOf={props.detail.as_of} />
      <div class="figure-grid">
        <figure class="card">
          <h2>{stateNoun()} over time</h2>
          <PlotFigure testId="state-timeline-chart" label={`${stateNoun()} over time`} chart={(width) => stateTimelineChart(props.detail.timeline, { width, kind: kind(), asOf: props.detail.as_of })} />
          <figcaption>Each dot is a snapshot that changed the record; the line holds its {stateNoun().toLowerCase()} until the next change.</figcaption>
        </figure>
        <figure class="card">
          <h2>{kind() === 'opportunity' ? 'Amount' : 'Budget amount'} over time</h2>
          <Show when={hasAmounts()} fallback={<EmptyNotice message={`No version of this ${kind()} has ${kind() === 'opportunity' ? 'an amount' : 'a budget amount'}.`} />}>
            <PlotFigure testId="amount-timeline-chart" label="Amount over time" chart={(width) => amountTimelineChart(props.detail.timeline, { width, kind: kind(), asOf: props.detail.as_of })} />
          </Show>
        </figure>
      </div>
      <section class="card" aria-labelledby="versions-heading">
        <h2 id="versions-heading">Versions</h2>
        <VersionsTable kind={kind()} versions={props.detail.timeline} />
      </section>
    </>
  );
}
