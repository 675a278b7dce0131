import type { WriteTransaction } from '../../server/db/warehouse.ts';
import { quarterContaining } from '../../server/periods.ts';
import { withMonteCarlo, type MethodFigureRow, type SimulationInputRow } from '../../server/statistics/monte-carlo.ts';

export interface RecordedForecast {
  as_of: string; period_start: string; period_end: string; method: string;
  figure: number | null; p10: number | null; p50: number | null; p90: number | null;
}

/**
 * Keeps the forecast of the quarter containing the snapshot, as of that snapshot, by every
 * method (sql/marts/forecast_methods.sql, the Monte Carlo drawn as the forecast view draws it)
 * in forecast_log (pipelines/migrations/004_forecast_log.sql), so the product's own forecasts can
 * be scored when the quarter closes (DESIGN section 5). Runs inside the load's transaction after
 * its batch is recorded; a reload of the same date replaces that date's rows for the quarter.
 */
export async function recordForecasts(tx: WriteTransaction, asOf: string): Promise<RecordedForecast[]> {
  const [snapshot] = await tx.query(`select count(*) as loaded from snapshots where as_of = $1::date`, [asOf]);
  if (!snapshot || Number(snapshot.loaded) === 0) {
    throw new Error(`recordForecasts: no loaded batch for ${asOf} yet; call it after the load's batch is recorded`);
  }
  const period = quarterContaining(asOf);
  const params = [asOf, period.start, period.end];
  const methods = await tx.query(`select method, figure, p10, p50, p90 from forecast_methods($1::date, $2::date, $3::date)`, params);
  const inputs = await tx.query(`select kind, amount, p from forecast_simulation_inputs($1::date, $2::date, $3::date)`, params);
  const drawn = withMonteCarlo(methods as unknown as MethodFigureRow[], inputs as unknown as SimulationInputRow[]);
  await tx.run(`delete from forecast_log where as_of = $1::date and period_start = $2::date and period_end = $3::date`, params);
  const recorded: RecordedForecast[] = [];
  for (const row of drawn) {
    await tx.run(`insert into forecast_log (as_of, period_start, period_end, method, figure, p10, p50, p90, recorded_at)
      values ($1::date, $2::date, $3::date, $4, $5, $6, $7, $8, now())`, [...params, row.method, row.figure, row.p10, row.p50, row.p90]);
    recorded.push({ as_of: asOf, period_start: period.start as string, period_end: period.end as string, ...row });
  }
  return recorded;
}
