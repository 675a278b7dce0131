import { sql, type Kysely } from 'kysely';
import type { FunnelCohortWindowsRow, FunnelPeriodRatioRow, FunnelSegmentDimension, FunnelSegmentRow, FunnelStepRow, Marts } from '../db/marts.ts';
import type { ResolvedFilter } from '../filters.ts';

/** The dimensions funnel_by_segment groups by; nothing else reaches the macro. */
export const FUNNEL_SEGMENT_DIMENSIONS = ['source', 'owner', 'team', 'industry', 'country', 'company_size'] as const satisfies readonly FunnelSegmentDimension[];

function funnelArguments(filter: ResolvedFilter) {
  return sql.join([
    sql`${filter.asOf}::date`, sql`${filter.period.start}::date`, sql`${filter.period.end}::date`, sql`${filter.source}::varchar`,
  ]);
}

/** One row per lead cohort month, with conversion by the as-of date and within 30/60/90 days: sql/marts/funnel_by_cohort.sql. */
export function selectFunnelCohorts(db: Kysely<Marts>, filter: ResolvedFilter) {
  return db.selectFrom(sql<FunnelCohortWindowsRow>`funnel_by_cohort(${funnelArguments(filter)})`.as('cohorts')).selectAll().execute();
}

/** One row per funnel step for the whole period: sql/marts/funnel_steps.sql. */
export function selectFunnelSteps(db: Kysely<Marts>, filter: ResolvedFilter) {
  return db.selectFrom(sql<FunnelStepRow>`funnel_steps(${funnelArguments(filter)})`.as('steps')).selectAll().execute();
}

/** The period's funnel split by one dimension, total row last: sql/marts/funnel_by_segment.sql. */
export function selectFunnelSegments(db: Kysely<Marts>, filter: ResolvedFilter, dimension: FunnelSegmentDimension) {
  return db.selectFrom(sql<FunnelSegmentRow>`funnel_by_segment(${funnelArguments(filter)}, ${dimension}::varchar)`.as('segments')).selectAll().execute();
}

/** Opportunities created / leads created per month of the period, total row last: sql/marts/funnel_period_ratio.sql. */
export function selectFunnelPeriodRatio(db: Kysely<Marts>, filter: ResolvedFilter) {
  return db.selectFrom(sql<FunnelPeriodRatioRow>`funnel_period_ratio(${funnelArguments(filter)})`.as('period_ratio')).selectAll().execute();
}
