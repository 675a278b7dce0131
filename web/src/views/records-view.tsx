import { A, useIsRouting, useLocation } from '@solidjs/router';
import { createMemo, createResource, Match, Show, Suspense, Switch } from 'solid-js';
import { FilterBar } from '../components/filter-bar.tsx';
import { EmptyNotice, LoadingNotice, ProblemNotice } from '../components/problem-notice.tsx';
import { leadColumns, opportunityColumns } from '../components/record-columns.tsx';
import { SortableTable } from '../components/sortable-table.tsx';
import { formatCount } from '../lib/format.ts';
import { describeRecords } from '../lib/records-description.ts';
import { readRecordsQuery, recordHref, recordsHref, type RecordKind, type RecordsQuery } from '../lib/records-link.ts';
import { api } from '../lib/trpc.ts';
import type { LeadRecord, OpportunityRecord, RecordsList } from '../lib/view-reports.ts';

/** Records per page; the procedure allows up to 200. */
export const PAGE_SIZE = 50;

type ListInput = Parameters<typeof api.records.list.query>[0];

function isKind(kind: string | undefined): kind is RecordKind {
  return kind === 'lead' || kind === 'opportunity';
}

// The URL's values go to the procedure as written: it checks every column name against its allow-list.
function listInput(query: RecordsQuery): ListInput | false {
  if (!isKind(query.kind)) return false;
  const { asOf, period, periodOn } = query.filters;
  return { kind: query.kind, asOf, period, periodOn, sort: query.sort, direction: query.direction, page: query.page, pageSize: PAGE_SIZE, where: query.where } as ListInput;
}

/** The leads or opportunities behind a figure, from the filters in the URL (see lib/records-link.ts). */
export function RecordsView() {
  const location = useLocation();
  const isRouting = useIsRouting();
  const query = createMemo(() => readRecordsQuery(new URLSearchParams(location.search)));
  const [list] = createResource(() => listInput(query()), (input) => api.records.list.query(input));
  return (
    <section class="view" classList={{ stale: isRouting() }}>
      <header class="view-header">
        <h1>{query().kind === 'opportunity' ? 'Opportunities' : query().kind === 'lead' ? 'Leads' : 'Records'}</h1>
        <p class="lede">The records behind a figure, as of its snapshot. Click a record to see its history.</p>
      </header>
      <FilterBar withSource={false} />
      <Show when={isKind(query().kind)} fallback={<KindMissing />}>
        <Suspense fallback={<LoadingNotice />}>
          <Switch>
            <Match when={list.error}>{(error) => <ProblemNotice error={error()} />}</Match>
            <Match when={list()}>{(loaded) => <RecordsList list={loaded()} query={query()} />}</Match>
          </Switch>
        </Suspense>
      </Show>
    </section>
  );
}

function KindMissing() {
  return (
    <div class="notice problem" role="alert" data-testid="problem">
      <h2>Which records?</h2>
      <p>This link does not say whether it lists leads or opportunities. See <A href="/records?kind=lead">all leads</A> or <A href="/records?kind=opportunity">all opportunities</A>.</p>
    </div>
  );
}

function RecordsList(props: { list: RecordsList; query: RecordsQuery }) {
  const description = () => describeRecords({
    kind: props.list.kind, where: props.query.where, periodOn: props.query.filters.periodOn ?? 'created_at',
    periodAsked: props.query.filters.period, period: props.list.period, asOf: props.list.as_of,
  });
  const noun = () => (props.list.kind === 'lead' ? (props.list.total === 1 ? 'lead' : 'leads') : props.list.total === 1 ? 'opportunity' : 'opportunities');
  // The page's own link with another sort or page; every filter stays.
  const hrefWith = (change: { sort?: string; direction?: 'asc' | 'desc'; page?: number }) => recordsHref(props.list.kind, props.query.filters, props.query.where, {
    sort: change.sort ?? props.query.sort, direction: change.direction ?? props.query.direction, page: change.page,
  });
  return (
    <>
      <p class="as-of-line" data-testid="records-description">{description()}</p>
      <p class="records-total"><strong data-testid="records-total">{formatCount(props.list.total)}</strong> {noun()}</p>
      <Show when={props.list.total > 0} fallback={<EmptyNotice message={`No ${props.list.kind === 'lead' ? 'leads' : 'opportunities'} match these filters.`} />}>
        <div class="card">
          <Show when={props.list.kind === 'lead'} fallback={<OpportunityTable list={props.list} query={props.query} hrefWith={hrefWith} />}>
            <LeadTable list={props.list} query={props.query} hrefWith={hrefWith} />
          </Show>
          <Pager list={props.list} hrefWith={hrefWith} />
        </div>
      </Show>
    </>
  );
}

type HrefWith = (change: { sort?: string; direction?: 'asc' | 'desc'; page?: number }) => string;

// The procedure's defaults, shown as the current sort when the URL names none.
const DEFAULT_SORT = 'created_at';
const DEFAULT_DIRECTION = 'desc';

function LeadTable(props: { list: RecordsList; query: RecordsQuery; hrefWith: HrefWith }) {
  const rows = () => props.list.rows as LeadRecord[];
  return (
    <SortableTable
      caption="Click a column's name to sort by it, a lead to open it."
      testId="records-table" rowTestId="record-row"
      columns={leadColumns(props.list.as_of)} rows={rows()}
      sort={props.query.sort ?? DEFAULT_SORT} direction={props.query.direction ?? DEFAULT_DIRECTION}
      sortHref={(sort, direction) => props.hrefWith({ sort, direction })}
      rowHref={(lead) => recordHref('lead', lead.system, lead.lead_id, props.list.as_of)}
      rowAttributes={(lead) => ({ 'data-id': lead.lead_id })}
    />
  );
}

function OpportunityTable(props: { list: RecordsList; query: RecordsQuery; hrefWith: HrefWith }) {
  const rows = () => props.list.rows as OpportunityRecord[];
  return (
    <SortableTable
      caption="Click a column's name to sort by it, an opportunity to open it."
      testId="records-table" rowTestId="record-row"
      columns={opportunityColumns(props.list.as_of)} rows={rows()}
      sort={props.query.sort ?? DEFAULT_SORT} direction={props.query.direction ?? DEFAULT_DIRECTION}
      sortHref={(sort, direction) => props.hrefWith({ sort, direction })}
      rowHref={(deal) => recordHref('opportunity', deal.system, deal.opportunity_id, props.list.as_of)}
      rowAttributes={(deal) => ({ 'data-id': deal.opportunity_id })}
    />
  );
}

function Pager(props: { list: RecordsList; hrefWith: HrefWith }) {
  const pages = () => Math.max(1, Math.ceil(props.list.total / props.list.pageSize));
  const first = () => props.list.page * props.list.pageSize + 1;
  const last = () => Math.min(props.list.total, (props.list.page + 1) * props.list.pageSize);
  return (
    <nav class="pager" aria-label="Pages" data-testid="pager" style={{ display: 'flex', gap: '1rem', 'align-items': 'baseline', 'margin-top': '0.75rem' }}>
      <span data-testid="pager-range">
        <Show when={props.list.rows.length > 0} fallback={`Page ${formatCount(props.list.page + 1)} is past the last page (${formatCount(pages())}).`}>
          {formatCount(first())}–{formatCount(last())} of {formatCount(props.list.total)} · page {formatCount(props.list.page + 1)} of {formatCount(pages())}
        </Show>
      </span>
      <Show when={props.list.page > 0}>
        <A href={props.hrefWith({ page: Math.min(props.list.page, pages()) - 1 })} data-testid="pager-previous">← Previous {formatCount(props.list.pageSize)}</A>
      </Show>
      <Show when={props.list.page + 1 < pages()}>
        <A href={props.hrefWith({ page: props.list.page + 1 })} data-testid="pager-next">Next {formatCount(props.list.pageSize)} →</A>
      </Show>
    </nav>
  );
}
