import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectForecastBacktest } from '../../server/queries/forecast.ts';
import { FIXTURES, fixtureWarehouse, martsOf } from '../support/fixture-warehouse.ts';

// test/fixtures/canonical/forecast_history (deals listed in forecast-historical.test.ts), backtested
// as of 2026-01-05. Past quarters with snapshots: 2025-Q2 (snapshot 06-02), Q3 (07-01, 08-15),
// Q4 (10-01, 11-15). Days and the snapshot each uses (latest on or before it):
//   Q2: day 75 = 06-14 -> 06-02 (days 1..60 fall before the first snapshot: no point)
//   Q3: days 1, 15, 30, 45 = 07-01, 07-15, 07-30, 08-14 -> 07-01; days 60, 75 = 08-29, 09-13 -> 08-15
//   Q4: days 1, 15, 30, 45 = 10-01 .. 11-14 -> 10-01; days 60, 75 = 11-29, 12-14 -> 11-15
// Actual closed won as of 2026-01-05: Q2 0; Q3 A 10,000 + E 3,000 + D 8,000 = 21,000;
// Q4 C 5,000 + H 4,000 + G 6,000 = 15,000.
// Weighted (closed won in the quarter + open deals closing in it x stage default: proposal 75%,
// qualification 10%):
//   Q2 @06-02: B 20,000 closing 06-30: 15,000
//   Q3 @07-01: A 7,500 + B 15,000 + C 500 = 23,000; @08-15: won A + E 13,000 + B 15,000 + C 500 + D 6,000 = 34,500
//   Q4 @10-01: C (now closing 10-20) 500 + F 9,000 = 9,500; @11-15: won C 5,000 + F 9,000 + G 4,500 = 18,500
const SERIES = join(FIXTURES, 'canonical/forecast_history');
let fixture: Awaited<ReturnType<typeof fixtureWarehouse>>;
beforeAll(async () => { fixture = await fixtureWarehouse(SERIES); });
afterAll(() => fixture.cleanup());

describe('forecast_backtest_points', () => {
  it('forecasts each past quarter as of each day from the latest snapshot on or before it', async () => {
    const rows = await fixture.warehouse.query(`select quarter_start, day, snapshot_date, forecast, actual, ape
      from forecast_backtest_points('2026-01-05'::date) where method = 'weighted' and day in (1, 45, 60, 75)`);
    expect(rows).toEqual([
      // Q2 closed nothing: no APE
      { quarter_start: '2025-04-01', day: 75, snapshot_date: '2025-06-02', forecast: 15000, actual: 0, ape: null },
      // |21,000 - 23,000| / 21,000 = 0.0952; day 45 (08-14) is a day before the 08-15 snapshot
      { quarter_start: '2025-07-01', day: 1, snapshot_date: '2025-07-01', forecast: 23000, actual: 21000, ape: 2000 / 21000 },
      { quarter_start: '2025-07-01', day: 45, snapshot_date: '2025-07-01', forecast: 23000, actual: 21000, ape: 2000 / 21000 },
      // |21,000 - 34,500| / 21,000 = 0.6429
      { quarter_start: '2025-07-01', day: 60, snapshot_date: '2025-08-15', forecast: 34500, actual: 21000, ape: 13500 / 21000 },
      { quarter_start: '2025-07-01', day: 75, snapshot_date: '2025-08-15', forecast: 34500, actual: 21000, ape: 13500 / 21000 },
      // |15,000 - 9,500| / 15,000 = 0.3667; |15,000 - 18,500| / 15,000 = 0.2333
      { quarter_start: '2025-10-01', day: 1, snapshot_date: '2025-10-01', forecast: 9500, actual: 15000, ape: 5500 / 15000 },
      { quarter_start: '2025-10-01', day: 45, snapshot_date: '2025-10-01', forecast: 9500, actual: 15000, ape: 5500 / 15000 },
      { quarter_start: '2025-10-01', day: 60, snapshot_date: '2025-11-15', forecast: 18500, actual: 15000, ape: 3500 / 15000 },
      { quarter_start: '2025-10-01', day: 75, snapshot_date: '2025-11-15', forecast: 18500, actual: 15000, ape: 3500 / 15000 },
    ]);
  });

  it('gives the historical method a figure only where 2 past quarters were known on the day', async () => {
    // Q2 and Q3 points: at most Q2 known -> none. Q4 as of 10-01 (days 1-45): Q2 and Q3 known, 7
    // observations (#0-#6 of forecast-historical.test.ts) of which A and D won -> p = 2/7 for all
    // (below 20 observations); open C 5,000 + F 12,000 -> 17,000 x 2/7 = 4,857.14; point 0: deals
    // created from each quarter's start: Q2 0, Q3 D 8,000 + E 3,000 = 11,000 -> mean 5,500;
    // forecast = 0 + 4,857.14 + 5,500 = 10,357.14.
    // Q4 as of 11-15 (days 60, 75): still 2/7 (C's win on 10-20 is in Q4, not Q3); open F 12,000 +
    // G 6,000 -> 5,142.86; point 45: deals created from 05-16 / 08-15: none won -> 0; closed won C
    // 5,000 -> forecast = 10,142.86
    const rows = await fixture.warehouse.query(`select quarter_start, day, forecast from forecast_backtest_points('2026-01-05'::date)
      where method = 'historical' and forecast is not null`);
    expect(rows.map((row) => [row.quarter_start, row.day])).toEqual([1, 15, 30, 45, 60, 75].map((day) => ['2025-10-01', day]));
    expect(rows[0].forecast).toBeCloseTo(10357.1429, 3);
    expect(rows[5].forecast).toBeCloseTo(10142.8571, 3);
  });
});

describe('forecast_backtest', () => {
  it('gives APE, WAPE and bias per method and day, leaving out and counting quarters with no actual', async () => {
    const rows = await fixture.warehouse.query(`select day, quarters, quarters_without_forecast, quarters_without_actual, mape, wape, bias
      from forecast_backtest('2026-01-05'::date) where method = 'weighted' and day in (1, 60, 75)`);
    expect(rows).toEqual([
      // day 1: Q3 23,000 vs 21,000, Q4 9,500 vs 15,000
      //   mape = (2,000/21,000 + 5,500/15,000) / 2 = (0.095238 + 0.366667) / 2 = 0.230952
      //   wape = (2,000 + 5,500) / (21,000 + 15,000) = 0.208333; bias = (2,000 - 5,500) / 36,000 = -0.097222
      { day: 1, quarters: 2, quarters_without_forecast: 0, quarters_without_actual: 0, mape: (2000 / 21000 + 5500 / 15000) / 2, wape: 7500 / 36000, bias: -3500 / 36000 },
      // day 60: Q3 34,500 vs 21,000, Q4 18,500 vs 15,000
      //   mape = (0.642857 + 0.233333) / 2 = 0.438095; wape = bias = (13,500 + 3,500) / 36,000 = 0.472222
      { day: 60, quarters: 2, quarters_without_forecast: 0, quarters_without_actual: 0, mape: (13500 / 21000 + 3500 / 15000) / 2, wape: 17000 / 36000, bias: 17000 / 36000 },
      // day 75 adds Q2 (15,000 forecast, nothing closed): out of the mean APE but counted, and its
      //   whole forecast is error: wape = bias = (15,000 + 13,500 + 3,500) / 36,000 = 0.888889
      { day: 75, quarters: 3, quarters_without_forecast: 0, quarters_without_actual: 1, mape: (13500 / 21000 + 3500 / 15000) / 2, wape: 32000 / 36000, bias: 32000 / 36000 },
    ]);
  });

  it('leaves out and counts the quarters where the historical method had too little history', async () => {
    // Q4 only: day 1 |15,000 - 10,357.14| / 15,000 = 0.309524 (Q3 without a figure); day 75
    // |15,000 - 10,142.86| / 15,000 = 0.323810 (Q2 and Q3 without); bias negative: under-forecast
    const rows = await fixture.warehouse.query(`select day, quarters, quarters_without_forecast, mape, wape, bias
      from forecast_backtest('2026-01-05'::date) where method = 'historical' and day in (1, 75)`);
    expect(rows.map((row) => [row.day, row.quarters, row.quarters_without_forecast])).toEqual([[1, 1, 1], [75, 1, 2]]);
    expect(rows[0].mape).toBeCloseTo(0.309524, 6);
    expect(rows[0].wape).toBeCloseTo(0.309524, 6);
    expect(rows[0].bias).toBeCloseTo(-0.309524, 6);
    expect(rows[1].mape).toBeCloseTo(0.323810, 6);
  });

  it('counts how often the actual fell inside the Monte Carlo P10-P90 band', async () => {
    // Q4 as of 10-01: C 5,000 and F 12,000 at 2/7 each, plus 0 or 11,000 drawn (one half each):
    //   totals 0 (25/49 x 1/2 = 25.5%), 5,000 (10.2%), 11,000 (25.5%), 12,000 (10.2%), 16,000 (10.2%),
    //   17,000 (4.1%), 23,000 (10.2%), 28,000 (4.1%); cumulative 85.7% at 17,000, 95.9% at 23,000:
    //   P10 = 0, P90 = 23,000, and the actual 15,000 lies inside.
    // Q4 as of 11-15: 5,000 won + F 12,000 and G 6,000 at 2/7, nothing drawn (both past quarters 0):
    //   5,000 (51.0%), 11,000 (20.4%), 17,000 (20.4%), 23,000 (8.2%): cumulative 91.8% at 17,000:
    //   P10 = 5,000, P90 = 17,000, and 15,000 lies inside.
    const rows = await selectForecastBacktest(martsOf(fixture.warehouse), { asOf: '2026-01-05', asOfRequested: null, period: { label: '2026-Q1', start: '2026-01-01', end: '2026-03-31' }, source: null });
    const monteCarlo = rows.filter((row) => row.method === 'monte_carlo');
    expect(monteCarlo.map((row) => [row.day, row.quarters, row.band_inside, row.band_share, row.band_runs])).toEqual([
      [1, 1, 1, 1, 2000], [15, 1, 1, 1, 2000], [30, 1, 1, 1, 2000], [45, 1, 1, 1, 2000], [60, 1, 1, 1, 2000], [75, 1, 1, 1, 2000],
    ]);
    // the other methods keep the mart's figures and carry no band
    expect(rows.filter((row) => row.method !== 'monte_carlo').every((row) => row.band_share === null)).toBe(true);
    expect(rows).toHaveLength(5 * 6);
  });
});
