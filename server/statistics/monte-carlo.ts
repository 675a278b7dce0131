import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';

/**
 * The Monte Carlo forecast of DESIGN section 5: what SQL cannot do quickly. Its inputs come from
 * the mart sql/marts/forecast_simulation_inputs.sql (the closed won so far, each open deal's
 * amount and historical win probability p, each past quarter's bookings from deals not yet
 * created); each run lets every open deal win with its p (no separate slip draw: p already holds
 * it) and adds one past quarter's not-yet-created bookings drawn at random. The percentiles of
 * the runs' totals are the P10 / P50 / P90 of the quarter's bookings. Seeded: the same inputs
 * and seed give the same figures.
 */

/** Runs behind the forecast view's P10 / P50 / P90 (DESIGN section 5). */
export const FORECAST_RUNS = 10_000;
/**
 * Runs per backtest point: the band is drawn at every (quarter, day) of the backtest, so fewer
 * runs keep the view quick; the P10 and P90 of 2,000 runs sit within about 1.3 percentile points
 * of the true ones (binomial standard error of a 10% quantile: sqrt(0.1 x 0.9 / 2,000) = 0.7%).
 */
export const BACKTEST_RUNS = 2_000;
/** The seed of every simulation the product shows, so a reload shows the same figures. */
export const DEFAULT_SEED = 20_260_101;

export interface SimulationInputs {
  /** Closed won so far in the period: in every run. */
  closedWon: number;
  /** Open deals: each wins its amount with probability p in each run. */
  deals: ReadonlyArray<{ amount: number; p: number }>;
  /** Past quarters' bookings from deals not yet created: one drawn at random per run; none adds 0. */
  notYetCreated: readonly number[];
}

export interface SimulationOptions { runs?: number; seed?: number }

export interface SimulationResult {
  runs: number;
  seed: number;
  /** Percentiles of total bookings (nearest rank over the sorted runs). */
  p10: number;
  p50: number;
  p90: number;
  /** Mean of the runs: tends to closed won + sum(amount x p) + the mean not-yet-created bookings. */
  mean: number;
}

/** A row of sql/marts/forecast_simulation_inputs.sql, as far as the simulation reads it. */
export interface SimulationInputRow {
  kind: 'closed_won' | 'open_deal' | 'not_yet_created' | string;
  amount: number | null;
  p: number | null;
}

const TWO_POW_32 = 2 ** 32;

/** Gathers the mart's rows into the simulation's inputs; an unknown kind or a deal without p is an error. */
export function simulationInputsFromRows(rows: readonly SimulationInputRow[]): SimulationInputs {
  const inputs = { closedWon: 0, deals: [] as Array<{ amount: number; p: number }>, notYetCreated: [] as number[] };
  for (const row of rows) {
    const amount = row.amount ?? 0;
    if (row.kind === 'closed_won') inputs.closedWon += amount;
    else if (row.kind === 'not_yet_created') inputs.notYetCreated.push(amount);
    else if (row.kind === 'open_deal') {
      if (row.p === null) throw new Error('an open deal reached the simulation without a win probability');
      inputs.deals.push({ amount, p: row.p });
    } else throw new Error(`unknown simulation input kind "${row.kind}"`);
  }
  return inputs;
}

/**
 * Simulates the period's total bookings `runs` times (default 10,000) with a seeded xoroshiro128+
 * generator and returns their P10, P50, P90 and mean. A deal wins when a uniform 32-bit draw u
 * falls below p x 2^32; deals that cannot change the total (p 0 or amount 0) draw nothing and a
 * deal at p 1 always wins, so the draws depend only on the deals that are uncertain.
 */
export function simulateBookings(inputs: SimulationInputs, options: SimulationOptions = {}): SimulationResult {
  const runs = options.runs ?? FORECAST_RUNS;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a positive whole number, not ${runs}`);
  let certain = checkedAmount(inputs.closedWon);
  const amounts: number[] = [];
  const thresholds: number[] = [];
  for (const deal of inputs.deals) {
    const amount = checkedAmount(deal.amount);
    if (!(deal.p >= 0 && deal.p <= 1)) throw new Error(`a win probability must lie in 0..1, not ${deal.p}`);
    if (amount === 0 || deal.p === 0) continue;
    if (deal.p === 1) { certain += amount; continue; }
    amounts.push(amount);
    thresholds.push(deal.p * TWO_POW_32);
  }
  const notYetCreated = inputs.notYetCreated.map(checkedAmount);
  const rng = xoroshiro128plus(seed);
  const totals = new Float64Array(runs);
  let sum = 0;
  for (let run = 0; run < runs; run++) {
    let total = certain;
    for (let i = 0; i < amounts.length; i++) {
      if ((rng.unsafeNext() >>> 0) < thresholds[i]) total += amounts[i];
    }
    if (notYetCreated.length > 0) total += notYetCreated[unsafeUniformIntDistribution(0, notYetCreated.length - 1, rng)];
    // money to the cent: summing cents in binary floating point leaves crumbs
    totals[run] = Math.round(total * 100) / 100;
    sum += totals[run];
  }
  totals.sort();
  return { runs, seed, p10: percentile(totals, 0.1), p50: percentile(totals, 0.5), p90: percentile(totals, 0.9), mean: sum / runs };
}

/** Nearest-rank percentile of values sorted ascending: the smallest value with at least q of them at or below it. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) throw new Error('no values to take a percentile of');
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
}

/** One backtest point: the simulated band as of a day of a past quarter, and what closed won in it. */
export interface BandPoint { actual: number; p10: number; p90: number }

/** How often the actual fell inside the P10-P90 band (both ends included); share null with no point. */
export function bandCoverage(points: readonly BandPoint[]): { points: number; inside: number; share: number | null } {
  const inside = points.filter((point) => point.actual >= point.p10 && point.actual <= point.p90).length;
  return { points: points.length, inside, share: points.length === 0 ? null : inside / points.length };
}

/** A row of sql/marts/forecast_methods.sql, as far as the Monte Carlo fills it in. */
export interface MethodFigureRow { method: string; figure: number | null; p10: number | null; p50: number | null; p90: number | null }

/**
 * The methods table with the Monte Carlo row drawn: figure = P50, with P10 and P90 beside it.
 * With no inputs (the historical method has no figure) the row stays empty, as the mart left it.
 */
export function withMonteCarlo<Row extends MethodFigureRow>(methods: readonly Row[], inputs: readonly SimulationInputRow[], options: SimulationOptions = {}): Row[] {
  if (inputs.length === 0) return [...methods];
  const band = simulateBookings(simulationInputsFromRows(inputs), options);
  return methods.map((row) => (row.method === 'monte_carlo' ? { ...row, figure: band.p50, p10: band.p10, p50: band.p50, p90: band.p90 } : row));
}

/** A row of sql/marts/forecast_backtest_simulation_inputs.sql: one input of one backtest point. */
export interface BacktestSimulationInputRow extends SimulationInputRow { quarter_start: string; day: number; actual: number }

/**
 * Draws the P10-P90 band at every backtest point (a past quarter as of one of its days) and
 * counts, per day, how often the quarter's actual closed won fell inside it.
 */
export function backtestBandsByDay(rows: readonly BacktestSimulationInputRow[], options: SimulationOptions = {}): Map<number, ReturnType<typeof bandCoverage>> {
  const points = new Map<string, { day: number; actual: number; rows: SimulationInputRow[] }>();
  for (const row of rows) {
    const key = `${row.quarter_start}|${row.day}`;
    const point = points.get(key) ?? { day: row.day, actual: row.actual, rows: [] };
    point.rows.push(row);
    points.set(key, point);
  }
  const bandsByDay = new Map<number, BandPoint[]>();
  for (const point of points.values()) {
    const band = simulateBookings(simulationInputsFromRows(point.rows), { runs: options.runs ?? BACKTEST_RUNS, seed: options.seed });
    bandsByDay.set(point.day, [...(bandsByDay.get(point.day) ?? []), { actual: point.actual, p10: band.p10, p90: band.p90 }]);
  }
  return new Map([...bandsByDay].map(([day, bands]) => [day, bandCoverage(bands)]));
}

function checkedAmount(amount: number): number {
  if (!Number.isFinite(amount)) throw new Error(`an amount must be a finite number, not ${amount}`);
  return amount;
}
