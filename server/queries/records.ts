import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { LeadRecordRow, Marts, OpportunityRecordRow, RecordVersionRow } from '../db/marts.ts';
import type { Period } from '../periods.ts';

export type RecordKind = 'lead' | 'opportunity';

/** Columns a drill-down may filter and sort by, per kind: nothing else reaches SQL. */
export const LEAD_FILTER_COLUMNS = ['system', 'cohort_month', 'source', 'campaign_id', 'status', 'owner', 'team', 'industry', 'country',
  'company_size', 'exit_state', 'has_exited', 'is_converted', 'reached_mql', 'reached_sql', 'reached_opportunity', 'reached_won'] as const;
export const LEAD_SORT_COLUMNS = ['lead_id', 'created_at', 'source', 'status', 'owner', 'company', 'score', 'days_to_convert', 'last_activity_at'] as const;
export const OPPORTUNITY_FILTER_COLUMNS = ['system', 'created_month', 'source', 'campaign_id', 'owner', 'team', 'stage', 'type', 'forecast_category', 'forecast_category_or_stage',
  'industry', 'country', 'account_id', 'is_open', 'is_won', 'is_lost'] as const;
export const OPPORTUNITY_SORT_COLUMNS = ['opportunity_id', 'name', 'created_at', 'amount', 'stage_order', 'close_date', 'closed_on', 'owner', 'source', 'days_to_close'] as const;
/** The yes/no columns among the filters: they take true or false (or null), the others text. */
export const BOOLEAN_FILTER_COLUMNS: ReadonlySet<string> = new Set(['has_exited', 'is_converted', 'reached_mql', 'reached_sql', 'reached_opportunity', 'reached_won', 'is_open', 'is_won', 'is_lost']);
export const PERIOD_DATE_COLUMNS = { lead: ['created_at'], opportunity: ['created_at', 'closed_on', 'close_date'] } as const;

export interface RecordQuery {
  kind: RecordKind;
  asOf: string;
  period: Period;
  periodOn: string;
  where: Record<string, string | boolean | null>;
  sort: string;
  direction: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

type RecordRow = LeadRecordRow | OpportunityRecordRow;

/** The lead or opportunity records behind a figure: sql/marts/lead_records.sql, opportunity_records.sql. */
export async function selectRecords(db: Kysely<Marts>, query: RecordQuery): Promise<{ rows: RecordRow[]; total: number }> {
  const source = query.kind === 'lead'
    ? sql<LeadRecordRow>`lead_records(${query.asOf}::date)`.as('records')
    : sql<OpportunityRecordRow>`opportunity_records(${query.asOf}::date)`.as('records');
  // column names come from the allow-lists above (checked by the router's zod schema)
  // the macro's row type differs by kind; filters and sorts name columns checked against the allow-lists
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let filtered: SelectQueryBuilder<any, any, object> = db.selectFrom(source as never);
  for (const [column, value] of Object.entries(query.where)) {
    filtered = value === null ? filtered.where(sql.ref(column), 'is', null) : filtered.where(sql.ref(column), '=', value);
  }
  if (query.period.start !== null && query.period.end !== null) {
    filtered = filtered.where(sql.ref(query.periodOn), '>=', sql`${query.period.start}::date`)
      .where(sql.ref(query.periodOn), '<', sql`${query.period.end}::date + interval 1 day`);
  }
  const [rows, count] = await Promise.all([
    filtered.selectAll().orderBy(sql`${sql.ref(query.sort)} ${sql.raw(query.direction === 'asc' ? 'asc nulls last' : 'desc nulls last')}`)
      .orderBy(sql.ref(query.kind === 'lead' ? 'lead_id' : 'opportunity_id')).limit(query.pageSize).offset(query.page * query.pageSize).execute(),
    filtered.select(sql<number>`count(*)`.as('total')).executeTakeFirst(),
  ]);
  return { rows: rows as unknown as RecordRow[], total: Number(count?.total ?? 0) };
}

/** One record as of the date, or undefined. */
export async function selectRecord(db: Kysely<Marts>, kind: RecordKind, asOf: string, system: string, id: string): Promise<RecordRow | undefined> {
  const { rows } = await selectRecords(db, {
    kind, asOf, period: { label: 'all', start: null, end: null }, periodOn: 'created_at',
    where: { system, [kind === 'lead' ? 'lead_id' : 'opportunity_id']: id }, sort: 'created_at', direction: 'asc', page: 0, pageSize: 1,
  });
  return rows[0];
}

/** The record's stored versions: sql/marts/record_timeline.sql. */
export function selectRecordTimeline(db: Kysely<Marts>, kind: RecordKind, system: string, id: string) {
  return db.selectFrom(sql<RecordVersionRow>`record_timeline(${kind}, ${system}, ${id})`.as('timeline')).selectAll().execute();
}
