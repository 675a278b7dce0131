import { sql, type Kysely } from 'kysely';
import type { CampaignRoiRow, Marts, SourceComparisonCountsRow, SourceRoiRow, WinRateBySourceRow } from '../db/marts.ts';
import type { ResolvedFilter } from '../filters.ts';
import { testTwoProportions } from '../statistics/two-proportion.ts';

function periodArguments(filter: ResolvedFilter) {
  return sql.join([sql`${filter.asOf}::date`, sql`${filter.period.start}::date`, sql`${filter.period.end}::date`]);
}

/** Win rate by count and amount per source, with a total row: sql/marts/win_rate_by_source.sql. */
export function selectWinRateBySource(db: Kysely<Marts>, filter: ResolvedFilter) {
  return db.selectFrom(sql<WinRateBySourceRow>`win_rate_by_source(${periodArguments(filter)})`.as('rates'))
    .selectAll().execute();
}

/** Cost, leads, opportunities, revenue, ROI and rates per source, with a total row: sql/marts/source_roi.sql. */
export function selectSourceRoi(db: Kysely<Marts>, filter: ResolvedFilter) {
  return db.selectFrom(sql<SourceRoiRow>`source_roi(${periodArguments(filter)})`.as('roi')).selectAll().execute();
}

/** The same per campaign, each campaign's cost counted once: sql/marts/campaign_roi.sql. */
export function selectCampaignRoi(db: Kysely<Marts>, filter: ResolvedFilter) {
  return db.selectFrom(sql<CampaignRoiRow>`campaign_roi(${periodArguments(filter)})`.as('campaigns')).selectAll().execute();
}

/**
 * Two sources' lead -> opportunity conversion compared: the counts and z statistic of
 * sql/marts/source_comparison_counts.sql, with the p-value and leads needed of server/statistics/two-proportion.ts.
 */
export async function selectSourceComparison(db: Kysely<Marts>, filter: ResolvedFilter, sourceA: string, sourceB: string) {
  const counts = await db.selectFrom(sql<SourceComparisonCountsRow>`source_comparison_counts(${periodArguments(filter)}, ${sourceA}::varchar, ${sourceB}::varchar)`.as('pair'))
    .selectAll().executeTakeFirstOrThrow();
  return { ...counts, ...testTwoProportions(counts) };
}
