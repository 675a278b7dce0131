import { type RandomGenerator, unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';

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
/** The most deals drawn together: a block's table has 2^deals outcomes, 4,096 of them at most. */
const MAX_BLOCK_DEALS = 12;
/**
 * Building a block's table costs about this many draws per outcome (measured on the 2-core
 * machine: about 20 ns an outcome against 8 ns a draw); it sets how many deals a block holds.
 */
const TABLE_COST_PER_OUTCOME_IN_DRAWS = 2.5;

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
 * generator and returns their P10, P50, P90 and mean.
 */
export function simulateBookings(inputs: SimulationInputs, options: SimulationOptions = {}): SimulationResult {
  const runs = options.runs ?? FORECAST_RUNS;
  const seed = options.seed ?? DEFAULT_SEED;
  const totals = simulateTotals(inputs, { runs, seed });
  let sum = 0;
  for (const total of totals) sum += total;
  return { runs, seed, p10: percentile(totals, 0.1), p50: percentile(totals, 0.5), p90: percentile(totals, 0.9), mean: sum / runs };
}

/**
 * The total bookings of every run, to the cent, sorted ascending. Every uncertain deal (p strictly
 * between 0 and 1, amount not 0) wins or loses in each run independently with its p, but the
 * draws are made for blocks of deals rather than deal by deal: a block of k deals (up to 12) has
 * 2^k win/lose outcomes, each with its exact probability (the product of p or 1 - p over the
 * block's deals) and its sum of amounts; they go into an alias table (Walker, Vose), from which one
 * 32-bit draw picks the block's outcome in a run. A run thus costs one draw per block instead of
 * one per deal, with the same distribution of totals: each outcome's chance in the table is its
 * product to within double rounding (under 1e-15), finer than the 2^-32 steps of comparing a
 * 32-bit draw with p. Deals at p 0 or amount 0 draw nothing and a deal at p 1 always wins. Then
 * each run adds one past quarter's not-yet-created bookings drawn at random. The same inputs and
 * seed give the same totals.
 */
export function simulateTotals(inputs: SimulationInputs, options: SimulationOptions = {}): Float64Array {
  const runs = options.runs ?? FORECAST_RUNS;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a positive whole number, not ${runs}`);
  const { certain, amounts, probabilities } = splitDeals(inputs);
  const notYetCreated = inputs.notYetCreated.map(checkedAmount);
  const rng = xoroshiro128plus(options.seed ?? DEFAULT_SEED);
  const totals = new Float64Array(runs).fill(certain);
  const blockDeals = dealsPerBlock(runs);
  const table = new BlockTable(Math.min(blockDeals, amounts.length));
  for (let first = 0; first < amounts.length; first += blockDeals) {
    table.fill(amounts, probabilities, first, Math.min(first + blockDeals, amounts.length));
    table.addDraws(totals, rng);
  }
  for (let run = 0; run < runs; run++) {
    let total = totals[run];
    if (notYetCreated.length > 0) total += notYetCreated[unsafeUniformIntDistribution(0, notYetCreated.length - 1, rng)];
    // money to the cent: summing cents in binary floating point leaves crumbs
    totals[run] = Math.round(total * 100) / 100;
  }
  return totals.sort();
}

/** Closed won plus the deals certain to win, and the amounts and p of the deals that may or may not. */
function splitDeals(inputs: SimulationInputs): { certain: number; amounts: Float64Array; probabilities: Float64Array } {
  let certain = checkedAmount(inputs.closedWon);
  const amounts: number[] = [];
  const probabilities: number[] = [];
  for (const deal of inputs.deals) {
    const amount = checkedAmount(deal.amount);
    if (!(deal.p >= 0 && deal.p <= 1)) throw new Error(`a win probability must lie in 0..1, not ${deal.p}`);
    if (amount === 0 || deal.p === 0) continue;
    if (deal.p === 1) { certain += amount; continue; }
    amounts.push(amount);
    probabilities.push(deal.p);
  }
  return { certain, amounts: Float64Array.from(amounts), probabilities: Float64Array.from(probabilities) };
}

/**
 * How many deals a block holds: a bigger block means fewer draws per run but a table twice as
 * large to build for each extra deal, so the count that costs least per deal,
 * (table cost x 2^k + runs) / k, grows with the runs (9 for 10,000 runs, 8 for 2,000).
 */
function dealsPerBlock(runs: number): number {
  let best = 1;
  const costPerDeal = (deals: number) => (TABLE_COST_PER_OUTCOME_IN_DRAWS * 2 ** deals + runs) / deals;
  for (let deals = 2; deals <= MAX_BLOCK_DEALS; deals++) if (costPerDeal(deals) < costPerDeal(best)) best = deals;
  return best;
}

/**
 * The outcomes of a block of deals as an alias table: outcome i (bit d set when the block's deal
 * d wins) has probability `probabilities[i]` and adds `values[i]`. A draw picks a column
 * uniformly, then keeps the column's own outcome with chance `keep[column]`, else takes its
 * `alias`. The arrays are sized once for the largest block and reused. Exported for its tests.
 */
export class BlockTable {
  private readonly values: Float64Array;
  private readonly probabilities: Float64Array;
  private readonly keep: Float64Array;
  private readonly alias: Int32Array;
  /** keep x 2^(32 - k) split into its whole part, compared with a draw's low bits, and the rest. */
  private readonly keepWhole: Int32Array;
  private readonly keepRest: Float64Array;
  private readonly underfull: Int32Array;
  private readonly overfull: Int32Array;
  private deals = 0;

  constructor(maxDeals: number) {
    const size = 2 ** Math.max(1, maxDeals);
    this.values = new Float64Array(size);
    this.probabilities = new Float64Array(size);
    this.keep = new Float64Array(size);
    this.alias = new Int32Array(size);
    this.keepWhole = new Int32Array(size);
    this.keepRest = new Float64Array(size);
    this.underfull = new Int32Array(size);
    this.overfull = new Int32Array(size);
  }

  /** The table of deals first..end-1 (at most the size it was made for). */
  fill(amounts: Float64Array, dealProbabilities: Float64Array, first: number, end: number): void {
    this.deals = end - first;
    const { values, probabilities } = this;
    values[0] = 0;
    probabilities[0] = 1;
    // each deal doubles the outcomes so far: the upper half wins it, the lower half loses it
    for (let deal = 0; deal < this.deals; deal++) {
      const amount = amounts[first + deal];
      const p = dealProbabilities[first + deal];
      const half = 2 ** deal;
      for (let outcome = 0; outcome < half; outcome++) {
        values[half + outcome] = values[outcome] + amount;
        probabilities[half + outcome] = probabilities[outcome] * p;
        probabilities[outcome] *= 1 - p;
      }
    }
    this.buildAlias();
  }

  /**
   * Vose's alias method: scaled to the outcome count, a column under 1 is topped up from one over
   * 1, which then gives away what it lent; every column ends holding exactly 1 in two outcomes.
   */
  private buildAlias(): void {
    const { probabilities, keep, alias, underfull, overfull } = this;
    const outcomes = 2 ** this.deals;
    let under = 0;
    let over = 0;
    for (let outcome = 0; outcome < outcomes; outcome++) {
      alias[outcome] = outcome;
      keep[outcome] = probabilities[outcome] * outcomes;
      if (keep[outcome] < 1) underfull[under++] = outcome;
      else overfull[over++] = outcome;
    }
    while (under > 0 && over > 0) {
      const small = underfull[--under];
      const large = overfull[over - 1];
      alias[small] = large;
      // written as a difference of what was lent, which loses less to rounding than a sum minus 1
      keep[large] -= 1 - keep[small];
      if (keep[large] < 1) {
        over--;
        underfull[under++] = large;
      }
    }
    // what is left is 1 up to rounding: those columns always keep their own outcome
    while (over > 0) keep[overfull[--over]] = 1;
    while (under > 0) keep[underfull[--under]] = 1;
    const scale = 2 ** (32 - this.deals);
    for (let outcome = 0; outcome < outcomes; outcome++) {
      const scaled = keep[outcome] * scale;
      // a column that always keeps (scaled = scale) stays a 32-bit integer as scale - 1 with rest 1
      const whole = Math.min(Math.floor(scaled), scale - 1);
      this.keepWhole[outcome] = whole;
      this.keepRest[outcome] = scaled - whole;
    }
  }

  /** Each outcome's sum of amounts and the chance that a draw gives it, as the table stands. */
  outcomes(): Array<{ value: number; chance: number }> {
    const count = 2 ** this.deals;
    const scale = 2 ** (32 - this.deals);
    const chances = new Float64Array(count);
    for (let column = 0; column < count; column++) {
      const keep = (this.keepWhole[column] + this.keepRest[column]) / scale;
      chances[column] += keep / count;
      chances[this.alias[column]] += (1 - keep) / count;
    }
    return Array.from(chances, (chance, outcome) => ({ value: this.values[outcome], chance }));
  }

  /**
   * Adds one draw of the block to every run. The draw's top k bits pick the column and its low
   * 32 - k bits, read as a fraction, decide keep or alias; only when they tie with the whole part
   * of the threshold (one draw in 2^(32 - k)) does a second draw settle the rest, so each column
   * keeps its outcome with exactly its chance `keep`.
   */
  addDraws(totals: Float64Array, rng: RandomGenerator): void {
    const { values, alias, keepWhole, keepRest } = this;
    const shift = 32 - this.deals;
    const lowBits = 2 ** shift - 1;
    for (let run = 0; run < totals.length; run++) {
      const draw = rng.unsafeNext();
      const column = draw >>> shift;
      const versusKeep = (draw & lowBits) - keepWhole[column];
      let outcome: number;
      if (versusKeep !== 0) {
        // chosen without a branch, which the processor would mispredict about half the time:
        // `below` is all ones when the draw fell below keep (the column's own outcome), else 0
        const below = versusKeep >> 31;
        outcome = alias[column] ^ ((alias[column] ^ column) & below);
      } else outcome = (rng.unsafeNext() >>> 0) / TWO_POW_32 < keepRest[column] ? column : alias[column];
      totals[run] += values[outcome];
    }
  }
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
  // points by quarter, then day: nested maps spare building a key string for each of the rows
  const points = new Map<string, Map<number, { actual: number; rows: SimulationInputRow[] }>>();
  for (const row of rows) {
    let days = points.get(row.quarter_start);
    if (days === undefined) points.set(row.quarter_start, (days = new Map()));
    let point = days.get(row.day);
    if (point === undefined) days.set(row.day, (point = { actual: row.actual, rows: [] }));
    point.rows.push(row);
  }
  const bandsByDay = new Map<number, BandPoint[]>();
  for (const days of points.values()) {
    for (const [day, point] of days) {
      const band = simulateBookings(simulationInputsFromRows(point.rows), { runs: options.runs ?? BACKTEST_RUNS, seed: options.seed });
      const bands = bandsByDay.get(day) ?? [];
      bands.push({ actual: point.actual, p10: band.p10, p90: band.p90 });
      bandsByDay.set(day, bands);
    }
  }
  return new Map([...bandsByDay].map(([day, bands]) => [day, bandCoverage(bands)]));
}

function checkedAmount(amount: number): number {
  if (!Number.isFinite(amount)) throw new Error(`an amount must be a finite number, not ${amount}`);
  return amount;
}
