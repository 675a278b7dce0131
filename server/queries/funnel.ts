import { sql, type Kysely } from 'kysely';
import type { FunnelCohortRow, FunnelStepRow, Marts } from '../db/marts.ts';
import type { ResolvedFilter } from '../filters.ts';

function funnelArguments(filter: ResolvedFilter) {
  return sql.join([
    sql`${filter.asOf}::date`, sql`${filter.period.start}::date`, sql`${filter.period.end}::date`, sql`${filter.source}::varchar`,
  ]);
}

/** One row per lead cohort month: sql/marts/funnel_by_cohort.sql. */
export function selectFunnelCohorts(db: Kysely<Marts>, filter: ResolvedFilter) {
  return db.selectFrom(sql<FunnelCohortRow>`funnel_by_cohort(${funnelArguments(filter)})`.as('cohorts')).selectAll().execute();
}

/** One row per funnel step for the whole period: sql/marts/funnel_steps.sql. */
export function selectFunnelSteps(db: Kysely<Marts>, filter: ResolvedFilter) {
  return db.selectFrom(sql<FunnelStepRow>`funnel_steps(${funnelArguments(filter)})`.as('steps')).selectAll().execute();
}
