import { sql, type Kysely } from 'kysely';
import type { CycleTimeGroup, CycleTimeRow, Marts, SurvivalCurveRow, TimeInStageRow } from '../db/marts.ts';
import type { ResolvedFilter } from '../filters.ts';

/** The groupings a cycle-time figure can take; nothing else reaches SQL. */
export const CYCLE_TIME_GROUPS = ['source', 'team', 'industry', 'country'] as const satisfies readonly CycleTimeGroup[];

function cycleTimeArguments(filter: ResolvedFilter, groupBy: CycleTimeGroup | null) {
  return sql.join([
    sql`${filter.asOf}::date`, sql`${filter.period.start}::date`, sql`${filter.period.end}::date`, sql`${filter.source}::varchar`, sql`${groupBy}::varchar`,
  ]);
}

/** Completed durations per journey (median, p75, p90) with the Kaplan-Meier median: sql/marts/cycle_times.sql. */
export function selectCycleTimes(db: Kysely<Marts>, filter: ResolvedFilter, groupBy: CycleTimeGroup | null) {
  return db.selectFrom(sql<CycleTimeRow>`cycle_times(${cycleTimeArguments(filter, groupBy)})`.as('durations')).selectAll().execute();
}

/** Time in each open stage: sql/marts/time_in_stage.sql. */
export function selectTimeInStage(db: Kysely<Marts>, filter: ResolvedFilter, groupBy: CycleTimeGroup | null) {
  return db.selectFrom(sql<TimeInStageRow>`time_in_stage(${cycleTimeArguments(filter, groupBy)})`.as('stages')).selectAll().execute();
}

/** Kaplan-Meier time to close and time to convert, with cumulative incidence per outcome: sql/marts/survival_curves.sql. */
export function selectSurvivalCurves(db: Kysely<Marts>, filter: ResolvedFilter, groupBy: CycleTimeGroup | null) {
  return db.selectFrom(sql<SurvivalCurveRow>`survival_curves(${cycleTimeArguments(filter, groupBy)})`.as('curves')).selectAll().execute();
}
