import { dropAuditFindings, ensureAuditFindings } from '../../pipelines/audit-findings-cache.ts';
import { createKysely } from '../../server/db/dialect.ts';
import type { Marts } from '../../server/db/marts.ts';
import type { Warehouse } from '../../server/db/warehouse.ts';
import { resolveFilter } from '../../server/filters.ts';
import { selectForecastBacktest, selectForecastSimulationInputs } from '../../server/queries/forecast.ts';
import { simulateBookings, simulationInputsFromRows, FORECAST_RUNS } from '../../server/statistics/monte-carlo.ts';
import { count, millis, ratio, timed, type Results } from './bench-format.ts';
import { duckDbSimulation } from './monte-carlo-bench.ts';

/**
 * The heavy analytics at this scale: the Monte Carlo forecast over the company's open deals
 * (the simulation against the same draws done by DuckDB), the backtest over every past quarter,
 * and the full audit (every rule model as of the latest snapshot, computed from scratch).
 */
export async function benchAnalytics(warehouse: Warehouse): Promise<{ lines: string[]; results: Results }> {
  const db = createKysely<Marts>(warehouse);
  const filter = await resolveFilter(db, {}, 'quarter');
  const [inputRows, inputsMs] = await timed(() => selectForecastSimulationInputs(db, filter));
  const inputs = simulationInputsFromRows(inputRows);
  const [band, simulationMs] = await timed(async () => simulateBookings(inputs));
  const [, duckdbMs] = await duckDbSimulation(inputs);
  const [backtest, backtestMs] = await timed(() => selectForecastBacktest(db, filter));
  const quarters = Math.max(0, ...backtest.map((row) => row.quarters));
  const [, auditMs] = await timed(async () => {
    await warehouse.transaction((tx) => dropAuditFindings(tx, filter.asOf));
    await ensureAuditFindings(warehouse, [filter.asOf]);
  });
  const [findings] = await warehouse.query(`select count(*) as findings from audit_findings($1::date)`, [filter.asOf]);
  return {
    lines: [
      `forecast and audit as of ${filter.asOf}`,
      `  Monte Carlo inputs (SQL)        ${millis(inputsMs)}  (${count(inputs.deals.length)} open deals)`,
      `  Monte Carlo, ${count(FORECAST_RUNS)} runs          ${millis(simulationMs)}  vs the same draws in DuckDB ${millis(duckdbMs)} = ${ratio(simulationMs, duckdbMs)}  (P10 ${count(Math.round(band.p10))}, P50 ${count(Math.round(band.p50))}, P90 ${count(Math.round(band.p90))})`,
      `  backtest, every method and day  ${millis(backtestMs)}  (${quarters} past quarters)`,
      `  full audit (15 rule models)     ${millis(auditMs)}  (${count(Number(findings.findings))} findings)`,
    ],
    results: { analytics: { asOf: filter.asOf, openDeals: inputs.deals.length, inputsMs, simulationMs, duckdbDrawsMs: duckdbMs, backtestMs, backtestQuarters: quarters, auditMs, findings: Number(findings.findings) } },
  };
}
