import { sql, type Kysely } from 'kysely';
import type { ForecastSummaryRow, ForecastTrendRow, Marts } from '../db/marts.ts';
import type { ResolvedFilter } from '../filters.ts';

/** The period's forecast by the simple methods and categories: sql/marts/forecast_summary.sql. */
export function selectForecastSummary(db: Kysely<Marts>, filter: ResolvedFilter) {
  return db.selectFrom(sql<ForecastSummaryRow>`forecast_summary(${filter.asOf}::date, ${filter.period.start}::date, ${filter.period.end}::date)`.as('summary')).selectAll().execute();
}

/** The same figures at every snapshot up to the as-of date: sql/marts/forecast_trend.sql. */
export function selectForecastTrend(db: Kysely<Marts>, filter: ResolvedFilter) {
  return db.selectFrom(sql<ForecastTrendRow>`forecast_trend(${filter.asOf}::date, ${filter.period.start}::date, ${filter.period.end}::date)`.as('trend')).selectAll().execute();
}
