import { sql, type Kysely } from 'kysely';
import type { Marts, WinRateBySourceRow } from '../db/marts.ts';
import type { ResolvedFilter } from '../filters.ts';

/** Win rate by count and amount per source, with a total row: sql/marts/win_rate_by_source.sql. */
export function selectWinRateBySource(db: Kysely<Marts>, filter: ResolvedFilter) {
  return db.selectFrom(sql<WinRateBySourceRow>`win_rate_by_source(${filter.asOf}::date, ${filter.period.start}::date, ${filter.period.end}::date)`.as('rates'))
    .selectAll().execute();
}
