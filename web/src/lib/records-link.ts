/**
 * The URL of the records page (`/records`), written and read in one place: every drill-down of
 * every view builds its link with `recordsHref`, and the records view reads it back with
 * `readRecordsQuery`.
 *
 * The contract: `kind` (lead | opportunity), `asOf`, `period`, `periodOn` (the date the period
 * applies to), `sort`, `direction` (asc | desc), `page` (0-based), and one `w.<column>` per
 * filtered column of sql/marts/lead_records.sql or opportunity_records.sql, from the allow-lists
 * in server/queries/records.ts. Booleans are written `true` / `false`; an empty value means the
 * column is empty (no owner, no industry); an undefined value is left out.
 */
import type { inferRouterInputs } from '@trpc/server';
import type { AppRouter } from '../../../server/routers/app.ts';

export type RecordKind = 'lead' | 'opportunity';
export type WhereValue = string | boolean | null;

type ListInput = inferRouterInputs<AppRouter>['records']['list'];
type LeadInput = Extract<ListInput, { kind: 'lead' }>;
type OpportunityInput = Extract<ListInput, { kind: 'opportunity' }>;
export type LeadFilterColumn = keyof NonNullable<LeadInput['where']>;
export type OpportunityFilterColumn = keyof NonNullable<OpportunityInput['where']>;
export type LeadSortColumn = NonNullable<LeadInput['sort']>;
export type OpportunitySortColumn = NonNullable<OpportunityInput['sort']>;
export type PeriodDateColumn = NonNullable<LeadInput['periodOn']> | NonNullable<OpportunityInput['periodOn']>;

/** The filters a drill-down carries besides its `where` columns. */
export interface RecordsFilters {
  asOf?: string;
  period?: string;
  /** created_at for leads; created_at, closed_on or close_date for opportunities. */
  periodOn?: PeriodDateColumn | (string & {});
}

/** Where a records page is sorted and which page it shows. */
export interface RecordsPaging {
  sort?: string;
  direction?: 'asc' | 'desc';
  page?: number;
}

// Columns holding booleans, so `w.reached_mql=true` is read back as true and not as the text "true".
const BOOLEAN_COLUMNS = new Set<string>(['is_converted', 'reached_mql', 'reached_sql', 'reached_opportunity', 'reached_won', 'is_open', 'is_won', 'is_lost'] satisfies (LeadFilterColumn | OpportunityFilterColumn)[]);

export const WHERE_PREFIX = 'w.';

/** The records page listing the leads or opportunities behind a figure. */
export function recordsHref(kind: RecordKind, filters: RecordsFilters, where: Record<string, WhereValue | undefined> = {}, paging: RecordsPaging = {}): string {
  const query = new URLSearchParams({ kind });
  if (filters.asOf) query.set('asOf', filters.asOf);
  if (filters.period) query.set('period', filters.period);
  if (filters.periodOn) query.set('periodOn', filters.periodOn);
  if (paging.sort) query.set('sort', paging.sort);
  if (paging.direction) query.set('direction', paging.direction);
  if (paging.page) query.set('page', String(paging.page));
  // Sorted, so two links to the same records compare equal.
  for (const column of Object.keys(where).sort()) {
    const value = where[column];
    // an undefined value is no filter at all (a spread of an optional one)
    if (value === undefined) continue;
    query.set(`${WHERE_PREFIX}${column}`, value === null ? '' : String(value));
  }
  return `/records?${query.toString()}`;
}

/** The detail page of one record, as of a snapshot. */
export function recordHref(kind: RecordKind, system: string, id: string, asOf?: string): string {
  const path = `/records/${kind}/${encodeURIComponent(system)}/${encodeURIComponent(id)}`;
  return asOf ? `${path}?asOf=${encodeURIComponent(asOf)}` : path;
}

/** What a records URL asks for. Values are passed on as written; the procedure validates them. */
export interface RecordsQuery {
  kind: string | undefined;
  filters: RecordsFilters;
  sort: string | undefined;
  direction: 'asc' | 'desc' | undefined;
  page: number;
  where: Record<string, WhereValue>;
}

/** Reads a records URL's query back into the procedure's terms. */
export function readRecordsQuery(search: URLSearchParams): RecordsQuery {
  const text = (name: string) => search.get(name) || undefined;
  const where: Record<string, WhereValue> = {};
  for (const [name, value] of search) {
    if (!name.startsWith(WHERE_PREFIX)) continue;
    const column = name.slice(WHERE_PREFIX.length);
    where[column] = value === '' ? null : BOOLEAN_COLUMNS.has(column) && (value === 'true' || value === 'false') ? value === 'true' : value;
  }
  const direction = text('direction');
  const page = Number(text('page') ?? 0);
  return {
    kind: text('kind'),
    filters: { asOf: text('asOf'), period: text('period'), periodOn: text('periodOn') },
    sort: text('sort'),
    direction: direction === 'asc' || direction === 'desc' ? direction : undefined,
    page: Number.isInteger(page) && page >= 0 ? page : 0,
    where,
  };
}
