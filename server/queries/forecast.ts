import { sql, type Kysely } from 'kysely';
import type {
  ForecastBacktestRow, ForecastBacktestSimulationInputRow, ForecastByOwnerRow, ForecastMethodRow,
  ForecastSimulationInputRow, ForecastSummaryRow, ForecastTrendChangeRow, ForecastTrendRow, Marts,
} from '../db/marts.ts';
import type { ResolvedFilter } from '../filters.ts';
import { BACKTEST_RUNS, backtestBandsByDay, withMonteCarlo } from '../statistics/monte-carlo.ts';
import { warehouseMemo } from './warehouse-memo.ts';

/** The period's forecast by the simple methods and categories: sql/marts/forecast_summary.sql. */
export function selectForecastSummary(db: Kysely<Marts>, filter: ResolvedFilter) {
  return db.selectFrom(sql<ForecastSummaryRow>`forecast_summary(${filter.asOf}::date, ${filter.period.start}::date, ${filter.period.end}::date)`.as('summary')).selectAll().execute();
}

/** The same figures at every snapshot up to the as-of date: sql/marts/forecast_trend.sql. */
export function selectForecastTrend(db: Kysely<Marts>, filter: ResolvedFilter) {
  return db.selectFrom(sql<ForecastTrendRow>`forecast_trend(${filter.asOf}::date, ${filter.period.start}::date, ${filter.period.end}::date)`.as('trend')).selectAll().execute();
}

/** The same figures per team and per owner, teams first and each team's owners beneath it: sql/marts/forecast_by_owner.sql. */
export function selectForecastByOwner(db: Kysely<Marts>, filter: ResolvedFilter) {
  return db.selectFrom(sql<ForecastByOwnerRow>`forecast_by_owner(${filter.asOf}::date, ${filter.period.start}::date, ${filter.period.end}::date)`.as('by_owner'))
    .selectAll().orderBy('row_order').execute();
}

/** What moved the forecast from each snapshot of the trend to the next: sql/marts/forecast_trend_changes.sql. */
export function selectForecastTrendChanges(db: Kysely<Marts>, filter: ResolvedFilter) {
  return db.selectFrom(sql<ForecastTrendChangeRow>`forecast_trend_changes(${filter.asOf}::date, ${filter.period.start}::date, ${filter.period.end}::date)`.as('changes'))
    .selectAll().orderBy('snapshot_date').execute();
}

/** What the Monte Carlo draws from: sql/marts/forecast_simulation_inputs.sql. */
export function selectForecastSimulationInputs(db: Kysely<Marts>, filter: ResolvedFilter) {
  return db.selectFrom(sql<ForecastSimulationInputRow>`forecast_simulation_inputs(${filter.asOf}::date, ${filter.period.start}::date, ${filter.period.end}::date)`.as('inputs')).selectAll().execute();
}

/**
 * One row per method (sql/marts/forecast_methods.sql), the Monte Carlo row's P10 / P50 / P90
 * drawn by server/statistics/monte-carlo.ts from forecast_simulation_inputs.
 */
export async function selectForecastMethods(db: Kysely<Marts>, filter: ResolvedFilter) {
  const [methods, inputs] = await Promise.all([
    db.selectFrom(sql<ForecastMethodRow>`forecast_methods(${filter.asOf}::date, ${filter.period.start}::date, ${filter.period.end}::date)`.as('methods')).selectAll().execute(),
    selectForecastSimulationInputs(db, filter),
  ]);
  return withMonteCarlo(methods, inputs);
}

// The bands draw BACKTEST_RUNS runs for every open deal at every past point (seconds for a large
// company) and change only when the data does: kept per as-of date until a load or rebuild.
const backtestBands = warehouseMemo<ReturnType<typeof backtestBandsByDay>>(16);

async function simulateBacktestBands(db: Kysely<Marts>, asOf: string) {
  const inputs = await db.selectFrom(sql<ForecastBacktestSimulationInputRow>`forecast_backtest_simulation_inputs(${asOf}::date)`.as('inputs')).selectAll().execute();
  return backtestBandsByDay(inputs);
}

/**
 * Accuracy per method and day over the past quarters (sql/marts/forecast_backtest.sql), the
 * Monte Carlo rows' share of actuals inside P10-P90 drawn from
 * sql/marts/forecast_backtest_simulation_inputs.sql (BACKTEST_RUNS runs per point).
 */
export async function selectForecastBacktest(db: Kysely<Marts>, filter: ResolvedFilter) {
  const [rows, bands] = await Promise.all([
    db.selectFrom(sql<ForecastBacktestRow>`forecast_backtest(${filter.asOf}::date)`.as('backtest')).selectAll().execute(),
    backtestBands(db, filter.asOf, () => simulateBacktestBands(db, filter.asOf)),
  ]);
  return rows.map((row) => {
    const band = row.method === 'monte_carlo' ? bands.get(row.day) : undefined;
    return band ? { ...row, band_inside: band.inside, band_share: band.share, band_runs: BACKTEST_RUNS } : row;
  });
}

