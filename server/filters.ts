import { TRPCError } from '@trpc/server';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Marts } from './db/marts.ts';
import { isIsoDate, lastFourQuarters, parsePeriod, PERIOD_PATTERN, quarterContaining, type Period } from './periods.ts';

export const isoDate = z.string().refine(isIsoDate, 'a date written YYYY-MM-DD');

/** The filters every view takes from its URL, the CLI and the API alike. */
export const viewFilterInput = z.object({
  asOf: isoDate.optional(),
  period: z.string().regex(PERIOD_PATTERN, 'a period: 2026-Q2, 2026-05, 2026, 2026-04-01..2026-06-30 or all')
    .refine(isRealPeriod, 'a period whose dates exist and are in order, from the year 1000 on').optional(),
  source: z.string().min(1).max(200).optional(),
}).strict();
export type ViewFilterInput = z.infer<typeof viewFilterInput>;

/**
 * The pattern lets through `2026-04-01..2026-02-30`, `2026-05-01..2026-04-01` and years below
 * 1000 (which JavaScript dates read as 1900 onwards): refused here, they answer as bad input
 * rather than as a server fault.
 */
function isRealPeriod(text: string): boolean {
  try {
    const period = parsePeriod(text);
    return period.start === null || (period.start.slice(0, 4) === text.slice(0, 4) && period.start >= '1000');
  } catch {
    return false;
  }
}

export interface ResolvedFilter {
  asOf: string;
  asOfRequested: string | null;
  period: Period;
  source: string | null;
}

/** The output shape of every view (DESIGN section 2), shared by the dashboard and `report`. */
export interface ViewReport<Tables extends Record<string, unknown[]>> {
  view: string;
  as_of: string;
  as_of_requested: string | null;
  period: string;
  filters: { source: string | null };
  tables: Tables;
}

/** Any view's report as `report` prints it: the Data view's has no as-of date before the first snapshot loads. */
export type PrintableReport = Omit<ViewReport<Record<string, Array<Record<string, unknown>>>>, 'as_of'> & { as_of: string | null };

/**
 * Resolves the as-of date to the latest loaded snapshot on or before the one asked for, and
 * the period to its days (default: the view's own rule).
 */
export async function resolveFilter(db: Kysely<Marts>, input: ViewFilterInput, defaultPeriod: 'last-four-quarters' | 'quarter'): Promise<ResolvedFilter> {
  const filter = await resolveFilterIfAnyLoaded(db, input, defaultPeriod);
  if (!filter) throw new TRPCError({ code: 'NOT_FOUND', message: 'no snapshot loaded yet: run npm run ingest' });
  return filter;
}

/** As resolveFilter, but null when no snapshot is loaded at all: the Data view still shows the refused loads then. */
export async function resolveFilterIfAnyLoaded(db: Kysely<Marts>, input: ViewFilterInput, defaultPeriod: 'last-four-quarters' | 'quarter'): Promise<ResolvedFilter | null> {
  const asked = input.asOf ?? null;
  const snapshot = await db.selectFrom('snapshots')
    .select([
      sql<string | null>`strftime(max(as_of), '%Y-%m-%d')`.as('latest'),
      sql<string | null>`strftime(max(as_of) filter (where ${asked}::date is null or as_of <= ${asked}::date), '%Y-%m-%d')`.as('as_of'),
    ])
    .executeTakeFirst();
  if (!snapshot?.latest) return null;
  if (!snapshot.as_of) throw new TRPCError({ code: 'NOT_FOUND', message: `no snapshot loaded on or before ${input.asOf}` });
  const period = input.period ? parsePeriod(input.period)
    : defaultPeriod === 'quarter' ? quarterContaining(snapshot.as_of) : lastFourQuarters(snapshot.as_of);
  return { asOf: snapshot.as_of, asOfRequested: asked, period, source: input.source ?? null };
}

export function viewReport<Tables extends Record<string, unknown[]>>(view: string, filter: ResolvedFilter, tables: Tables): ViewReport<Tables> {
  return { view, as_of: filter.asOf, as_of_requested: filter.asOfRequested, period: filter.period.label === 'all' ? 'all' : `${filter.period.start}..${filter.period.end}`, filters: { source: filter.source }, tables };
}
