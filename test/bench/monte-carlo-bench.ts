/**
 * The Monte Carlo forecast on a synthetic pipeline of 50,000 open deals, 10,000 runs, against the
 * same draws written directly in DuckDB SQL (one uniform per deal and run, then the percentiles),
 * and the backtest's bands at its largest (8 quarters x 6 days = 48 points of 30,000 open deals,
 * 2,000 runs each).
 * bench.ts prints the lines benchMonteCarlo returns.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { xoroshiro128plus } from 'pure-rand';
import {
  BACKTEST_RUNS, FORECAST_RUNS, backtestBandsByDay, simulateBookings,
  type BacktestSimulationInputRow, type SimulationInputs, type SimulationResult,
} from '../../server/statistics/monte-carlo.ts';
import { count, median, millis, ratio, timed } from './bench-format.ts';

const FORECAST_DEALS = 50_000;
/** The backtest's days of a quarter (DESIGN section 5) in this many past quarters. */
const BACKTEST_DAYS = [1, 15, 30, 45, 60, 75];
const BACKTEST_QUARTERS = 8;
const BACKTEST_POINTS = BACKTEST_DAYS.length * BACKTEST_QUARTERS;
const BACKTEST_DEALS = 30_000;
/** Our simulation is timed this many times (the median is shown); DuckDB's once, it takes seconds. */
const OUR_REPEATS = 3;

export async function benchMonteCarlo(): Promise<string[]> {
  const inputs = syntheticPipeline(FORECAST_DEALS, 1);
  const ourTimes: number[] = [];
  let band: SimulationResult | undefined;
  for (let repeat = 0; repeat < OUR_REPEATS; repeat++) {
    const [result, ms] = await timed(async () => simulateBookings(inputs));
    ourTimes.push(ms);
    band = result;
  }
  const ours = median(ourTimes);
  const [duckDbBand, duckDbMs] = await duckDbSimulation(inputs);
  const backtestRows = syntheticBacktestRows();
  const [, backtestMs] = await timed(async () => backtestBandsByDay(backtestRows));
  const show = (figures: { p10: number; p50: number; p90: number }) =>
    `P10 ${count(Math.round(figures.p10))}, P50 ${count(Math.round(figures.p50))}, P90 ${count(Math.round(figures.p90))}`;
  const line = (label: string, figure: string) => `  ${label.padEnd(44)}${figure}`;
  return [
    `Monte Carlo, ${count(FORECAST_DEALS)} open deals x ${count(FORECAST_RUNS)} runs`,
    line('ours (alias tables of blocks of deals)', `${millis(ours)}  (${show(band as SimulationResult)})`),
    line('DuckDB, one random() per deal and run', `${millis(duckDbMs)}  (${show(duckDbBand)})`),
    line('ours / DuckDB', ratio(ours, duckDbMs)),
    line(`backtest bands, ${BACKTEST_POINTS} points x ${count(BACKTEST_DEALS)} deals`, `${millis(backtestMs)}  (${millis(backtestMs / BACKTEST_POINTS)} a point of ${count(BACKTEST_RUNS)} runs)`),
  ];
}

/**
 * A pipeline as the forecast sees one: amounts lognormal with mean 30,000 (sigma 0.8 of the log),
 * three deals in four early (p 0.1..0.3) and one late (p 0.5..0.9), closed won and three past
 * quarters' not-yet-created bookings. Seeded, so every run of the bench draws the same pipeline.
 */
function syntheticPipeline(deals: number, seed: number): SimulationInputs {
  const rng = xoroshiro128plus(seed);
  // strictly inside 0..1, so the logarithm below is finite
  const uniform = () => ((rng.unsafeNext() >>> 0) + 0.5) / 2 ** 32;
  const standardNormal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const sigma = 0.8;
  return {
    closedWon: 0.2 * deals * 30_000,
    deals: Array.from({ length: deals }, () => ({
      // exp(sigma z - sigma² / 2) has mean 1
      amount: Math.round(30_000 * Math.exp(sigma * standardNormal() - sigma ** 2 / 2) * 100) / 100,
      p: uniform() < 0.75 ? 0.1 + 0.2 * uniform() : 0.5 + 0.4 * uniform(),
    })),
    notYetCreated: [0.01, 0.03, 0.05].map((share) => share * deals * 30_000),
  };
}

/** Past quarters as of each backtest day, every point with its own pipeline of 30,000 open deals. */
function syntheticBacktestRows(): BacktestSimulationInputRow[] {
  const rows: BacktestSimulationInputRow[] = [];
  for (let quarter = 0; quarter < BACKTEST_QUARTERS; quarter++) {
    const quarter_start = `${2024 + Math.floor(quarter / 4)}-${String(1 + 3 * (quarter % 4)).padStart(2, '0')}-01`;
    for (const day of BACKTEST_DAYS) {
      const inputs = syntheticPipeline(BACKTEST_DEALS, 100 * quarter + day);
      const actual = inputs.closedWon + inputs.deals.reduce((sum, deal) => sum + deal.amount * deal.p, 0);
      const row = (kind: string, amount: number, p: number | null) => ({ quarter_start, day, actual, kind, amount, p });
      rows.push(row('closed_won', inputs.closedWon, 1));
      for (const deal of inputs.deals) rows.push(row('open_deal', deal.amount, deal.p));
      for (const bookings of inputs.notYetCreated) rows.push(row('not_yet_created', bookings, null));
    }
  }
  return rows;
}

/**
 * The same simulation in DuckDB: a uniform per deal and run against p, the run's wins summed, one
 * past quarter's not-yet-created bookings picked at random, and the percentiles by nearest rank.
 * The limit our simulation is measured against, here and over the bench company's open deals (bench-analytics.ts).
 */
export async function duckDbSimulation(inputs: SimulationInputs): Promise<[{ p10: number; p50: number; p90: number }, number]> {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    await connection.run('create table deals (amount double, p double)');
    const appender = await connection.createAppender('deals');
    for (const deal of inputs.deals) { appender.appendDouble(deal.amount); appender.appendDouble(deal.p); appender.endRow(); }
    appender.closeSync();
    const notYetCreated = `[${(inputs.notYetCreated.length > 0 ? inputs.notYetCreated : [0]).join(', ')}]::double[]`;
    const [result, ms] = await timed(() => connection.runAndReadAll(`
      with runs as (
        select run, coalesce(sum(amount) filter (where random() < p), 0) as won
        from deals, range(${FORECAST_RUNS}) draws(run)
        group by run
      )
      select quantile_disc(${inputs.closedWon} + won + list_extract(${notYetCreated}, 1 + floor(random() * len(${notYetCreated}))::integer), [0.1, 0.5, 0.9]) as band
      from runs`));
    const [p10, p50, p90] = (result.getRowObjectsJS()[0].band as number[]).map(Number);
    return [{ p10, p50, p90 }, ms];
  } finally {
    connection.closeSync();
  }
}
