import { TRPCError } from '@trpc/server';
import { sql, type Kysely } from 'kysely';
import type { Marts, PipelineMovementRow, PipelineStep, PipelineWaterfallRow } from '../db/marts.ts';
import { parsePeriod, quarterContaining, type Period } from '../periods.ts';

/** The waterfall's steps in order; each one drills down to its deals. */
export const PIPELINE_STEPS = ['start', 'created', 'pulled_in', 'increased', 'decreased', 'won', 'lost', 'pushed_out', 'other_in', 'other_out', 'end'] as const satisfies readonly PipelineStep[];
/** Columns the deals of a step may be sorted by: nothing else reaches SQL. */
// `size` is the deal's part of its bar: its start amount, its end amount, or its movement's size.
export const MOVEMENT_SORT_COLUMNS = ['size', 'amount', 'start_amount', 'end_amount', 'opportunity_id', 'name', 'owner', 'start_close_date', 'end_close_date'] as const;

/** Two snapshot dates and a period: what a pipeline movement is between and for. */
export interface MovementWindow {
  from: string;
  to: string;
  fromRequested: string | null;
  toRequested: string | null;
  period: Period;
}

// The latest loaded snapshot on or before a date (any date when none is given), or before it when `strictly`.
async function snapshotOnOrBefore(db: Kysely<Marts>, date: string | undefined, strictly = false): Promise<string | null> {
  const row = await db.selectFrom('snapshots')
    .select(sql<string>`strftime(max(as_of), '%Y-%m-%d')`.as('as_of'))
    .$if(date !== undefined, (query) => query.where('as_of', strictly ? '<' : '<=', sql<string>`${date}::date`))
    .executeTakeFirst();
  return row?.as_of ?? null;
}

/**
 * Resolves `from` and `to` to loaded snapshots on or before the dates asked for (default: the
 * latest snapshot and the one before it; `to` itself when only one is loaded), and the period
 * (default: the quarter containing `to`). See sql/snapshots.sql and sql/DECISIONS.md.
 */
export async function resolveMovementWindow(db: Kysely<Marts>, input: { from?: string; to?: string; period?: string }): Promise<MovementWindow> {
  const to = await snapshotOnOrBefore(db, input.to);
  if (!to) throw new TRPCError({ code: 'NOT_FOUND', message: input.to ? `no snapshot loaded on or before ${input.to}` : 'no snapshot loaded yet: run npm run ingest' });
  const from = input.from !== undefined ? await snapshotOnOrBefore(db, input.from) : (await snapshotOnOrBefore(db, to, true)) ?? to;
  if (!from) throw new TRPCError({ code: 'NOT_FOUND', message: `no snapshot loaded on or before ${input.from}` });
  if (from > to) throw new TRPCError({ code: 'BAD_REQUEST', message: `the start snapshot ${from} is after the end snapshot ${to}: pick a "from" on or before "to"` });
  let period: Period;
  try {
    period = input.period ? parsePeriod(input.period) : quarterContaining(to);
  } catch (error) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: error instanceof Error ? error.message : String(error) });
  }
  return { from, to, fromRequested: input.from ?? null, toRequested: input.to ?? null, period };
}

function movementSource(window: MovementWindow) {
  return sql<PipelineMovementRow>`pipeline_movement(${window.from}::date, ${window.to}::date, ${window.period.start}::date, ${window.period.end}::date)`.as('movement');
}

/** Start, each movement and end, with running totals for the bars: sql/marts/pipeline_waterfall.sql. */
export function selectPipelineWaterfall(db: Kysely<Marts>, window: MovementWindow) {
  return db.selectFrom(sql<PipelineWaterfallRow>`pipeline_waterfall(${window.from}::date, ${window.to}::date, ${window.period.start}::date, ${window.period.end}::date)`.as('waterfall'))
    .selectAll().orderBy('step_order').execute();
}

/** Every deal that moved (all but the unchanged), by step and then by size: sql/marts/pipeline_movement.sql. */
export function selectMovedDeals(db: Kysely<Marts>, window: MovementWindow) {
  return db.selectFrom(movementSource(window)).selectAll()
    .where('category', '<>', 'unchanged')
    // waterfall order; the list is the constant above, not input
    .orderBy(sql`array_position(${sql.raw(`[${PIPELINE_STEPS.map((step) => `'${step}'`).join(', ')}]`)}, category)`)
    .orderBy(sql`abs(amount)`, 'desc').orderBy('system').orderBy('opportunity_id')
    .execute();
}

export interface StepDealsQuery {
  step: PipelineStep;
  sort: (typeof MOVEMENT_SORT_COLUMNS)[number];
  direction: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

/**
 * The deals behind one bar: a movement's deals, or for the start and end bars the deals counted
 * in the open pipeline then; paged, sorted by an allow-listed column. sql/marts/pipeline_movement.sql.
 */
export async function selectStepDeals(db: Kysely<Marts>, window: MovementWindow, query: StepDealsQuery): Promise<{ rows: PipelineMovementRow[]; total: number }> {
  const base = db.selectFrom(movementSource(window));
  const filtered = query.step === 'start' ? base.where('is_in_start', '=', true)
    : query.step === 'end' ? base.where('is_in_end', '=', true)
      : base.where('category', '=', query.step);
  // the sort column is checked against MOVEMENT_SORT_COLUMNS by the router's schema
  const sortBy = query.sort !== 'size' ? sql.ref(query.sort)
    : query.step === 'start' ? sql.ref('start_amount') : query.step === 'end' ? sql.ref('end_amount') : sql`abs(amount)`;
  const [rows, count] = await Promise.all([
    filtered.selectAll()
      .orderBy(sql`${sortBy} ${sql.raw(query.direction === 'asc' ? 'asc nulls last' : 'desc nulls last')}`)
      .orderBy('system').orderBy('opportunity_id')
      .limit(query.pageSize).offset(query.page * query.pageSize).execute(),
    filtered.select(sql<number>`count(*)`.as('total')).executeTakeFirst(),
  ]);
  return { rows, total: Number(count?.total ?? 0) };
}
