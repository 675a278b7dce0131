import { describe, expect, it } from 'vitest';
import {
  backtestBandsByDay, bandCoverage, percentile, simulateBookings, simulationInputsFromRows, withMonteCarlo,
} from '../../server/statistics/monte-carlo.ts';

const none = { closedWon: 0, deals: [], notYetCreated: [] };

describe('simulateBookings', () => {
  it('gives P10 = 0 and P90 = 100 for one deal of 100 at p = 0.5 and nothing else', () => {
    // about half the 10,000 runs total 0 and half 100: the 1,000th smallest (P10) is among the
    // ~5,000 zeros, the 9,000th (P90) among the ~5,000 hundreds
    const result = simulateBookings({ ...none, deals: [{ amount: 100, p: 0.5 }] });
    expect(result).toMatchObject({ runs: 10_000, p10: 0, p90: 100 });
  });

  it('gives P50 = 100 for two deals of 100 at p = 0.5 each', () => {
    // totals 0, 100, 200 with chances 1/4, 1/2, 1/4: the 5,000th smallest lies between the
    // ~2,500th and ~7,500th, all of them 100
    const result = simulateBookings({ ...none, deals: [{ amount: 100, p: 0.5 }, { amount: 100, p: 0.5 }] });
    expect(result).toMatchObject({ p10: 0, p50: 100, p90: 200 });
  });

  it('puts every percentile at the sum when every deal is certain, with closed won on top', () => {
    // 1,000 closed won + 250 + 750 (p = 1) + 5,000 at p = 0 (never wins) = 2,000 in every run
    const result = simulateBookings({ closedWon: 1000, deals: [{ amount: 250, p: 1 }, { amount: 750, p: 1 }, { amount: 5000, p: 0 }], notYetCreated: [] });
    expect(result).toEqual({ runs: 10_000, seed: result.seed, p10: 2000, p50: 2000, p90: 2000, mean: 2000 });
  });

  it('draws the not-yet-created part uniformly from the past quarters', () => {
    // 10, 20, 30 each in about a third of the runs: cumulative shares ~1/3, ~2/3, 1, so
    // P10 = 10 (1/3 >= 0.1), P50 = 20 (1/3 < 0.5 <= 2/3), P90 = 30 (2/3 < 0.9)
    const result = simulateBookings({ ...none, notYetCreated: [10, 20, 30] });
    expect(result).toMatchObject({ p10: 10, p50: 20, p90: 30 });
    expect(result.mean).toBeCloseTo(20, 0);
  });

  it('has a mean close to the analytic expectation closed won + sum(amount x p) + mean not-yet-created', () => {
    // expectation: 5,000 + 1,000 x 0.3 + 2,500 x 0.6 + 400 x 0.9 + 7,000 x 0.1 + (0 + 1,200 + 3,000) / 3
    //            = 5,000 + 300 + 1,500 + 360 + 700 + 1,400 = 9,260
    // variance: 1,000² x 0.21 + 2,500² x 0.24 + 400² x 0.09 + 7,000² x 0.09 = 6,134,400 from the deals,
    //   plus (1,400² + 200² + 1,600²) / 3 = 1,520,000 from the draw: sd = sqrt(7,654,400) = 2,766.7;
    //   the mean of 10,000 runs has a standard error of 27.7, so 4 of them is 111
    const inputs = {
      closedWon: 5000,
      deals: [{ amount: 1000, p: 0.3 }, { amount: 2500, p: 0.6 }, { amount: 400, p: 0.9 }, { amount: 7000, p: 0.1 }],
      notYetCreated: [0, 1200, 3000],
    };
    const result = simulateBookings(inputs);
    expect(Math.abs(result.mean - 9260)).toBeLessThan(111);
    expect(result.p10).toBeLessThanOrEqual(result.p50);
    expect(result.p50).toBeLessThanOrEqual(result.p90);
  });

  it('gives the same figures for the same inputs and seed, and other draws for another seed', () => {
    const inputs = { closedWon: 0, deals: Array.from({ length: 40 }, (_, i) => ({ amount: 100 + i * 37, p: (i % 9 + 1) / 10 })), notYetCreated: [0, 500] };
    expect(simulateBookings(inputs, { seed: 7 })).toEqual(simulateBookings(inputs, { seed: 7 }));
    expect(simulateBookings(inputs, { seed: 7 }).mean).not.toBe(simulateBookings(inputs, { seed: 8 }).mean);
    expect(simulateBookings(inputs, { runs: 2000 }).runs).toBe(2000);
  });

  it('refuses a probability outside 0..1, an amount that is not a number and a run count below 1', () => {
    expect(() => simulateBookings({ ...none, deals: [{ amount: 10, p: 1.5 }] })).toThrow(/0\.\.1/);
    expect(() => simulateBookings({ ...none, deals: [{ amount: Number.NaN, p: 0.5 }] })).toThrow(/finite/);
    expect(() => simulateBookings(none, { runs: 0 })).toThrow(/runs/);
  });
});

describe('percentile', () => {
  it('takes the nearest rank: the smallest value with at least q of the values at or below it', () => {
    // 1..10: P10 = the 1st value, P50 = the 5th, P90 = the 9th
    const values = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect([percentile(values, 0.1), percentile(values, 0.5), percentile(values, 0.9)]).toEqual([1, 5, 9]);
    expect(percentile([42], 0.9)).toBe(42);
  });
});

describe('inputs from the mart and the methods table', () => {
  it('gathers closed won, open deals and past quarters from the rows of forecast_simulation_inputs', () => {
    const rows = [
      { kind: 'closed_won', amount: 2000, p: 1 }, { kind: 'open_deal', amount: 500, p: 0.5 },
      { kind: 'not_yet_created', amount: 0, p: null }, { kind: 'not_yet_created', amount: 300, p: null },
    ];
    expect(simulationInputsFromRows(rows)).toEqual({ closedWon: 2000, deals: [{ amount: 500, p: 0.5 }], notYetCreated: [0, 300] });
    expect(() => simulationInputsFromRows([{ kind: 'open_deal', amount: 1, p: null }])).toThrow(/probability/);
  });

  it('fills the monte_carlo row with P50 as its figure and leaves it empty without inputs', () => {
    const methods = [
      { method: 'weighted', figure: 900, p10: null, p50: null, p90: null },
      { method: 'monte_carlo', figure: null, p10: null, p50: null, p90: null },
    ];
    // closed won 1,000 and one deal of 100 at p = 1: every run totals 1,100
    const filled = withMonteCarlo(methods, [{ kind: 'closed_won', amount: 1000, p: 1 }, { kind: 'open_deal', amount: 100, p: 1 }]);
    expect(filled).toEqual([methods[0], { method: 'monte_carlo', figure: 1100, p10: 1100, p50: 1100, p90: 1100 }]);
    expect(withMonteCarlo(methods, [])).toEqual(methods);
  });
});

describe('backtest bands', () => {
  it('counts an actual on either end of the band as inside', () => {
    const points = [{ actual: 10, p10: 10, p90: 20 }, { actual: 20, p10: 10, p90: 20 }, { actual: 21, p10: 10, p90: 20 }, { actual: 9, p10: 10, p90: 20 }];
    expect(bandCoverage(points)).toEqual({ points: 4, inside: 2, share: 0.5 });
    expect(bandCoverage([])).toEqual({ points: 0, inside: 0, share: null });
  });

  it('draws one band per quarter and day and counts per day', () => {
    // day 1: quarter A certain at 1,000 (band 1,000..1,000), actual 1,000: inside; quarter B
    // certain at 500, actual 800: outside. Day 15: quarter A certain at 1,200, actual 1,200: inside.
    const rows = [
      { quarter_start: '2025-01-01', day: 1, actual: 1000, kind: 'closed_won', amount: 1000, p: 1 },
      { quarter_start: '2025-04-01', day: 1, actual: 800, kind: 'closed_won', amount: 500, p: 1 },
      { quarter_start: '2025-01-01', day: 15, actual: 1200, kind: 'closed_won', amount: 200, p: 1 },
      { quarter_start: '2025-01-01', day: 15, actual: 1200, kind: 'open_deal', amount: 1000, p: 1 },
    ];
    const bands = backtestBandsByDay(rows);
    expect(bands.get(1)).toEqual({ points: 2, inside: 1, share: 0.5 });
    expect(bands.get(15)).toEqual({ points: 1, inside: 1, share: 1 });
  });
});
