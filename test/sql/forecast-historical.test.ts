import { createTRPCClient, httpLink } from '@trpc/client';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardServer, listen } from '../../server/http-server.ts';
import type { AppRouter } from '../../server/routers/app.ts';
import { FIXTURES, fixtureWarehouse } from '../support/fixture-warehouse.ts';

// test/fixtures/canonical/forecast_history: six snapshots (2025-06-02, 07-01, 08-15, 10-01, 11-15,
// 2026-01-05) of a dozen deals whose fates were chosen so p per cell can be worked out by hand.
//   A 10,000 created 06-20, proposal, won 08-01          B 20,000 created 05-01, proposal, lost 09-10
//   C  5,000 created 06-25, qualification, won 10-20     D  8,000 created 08-01, proposal, won 09-20
//   E  3,000 created 08-10, won 08-12 (never seen open)  F 12,000 created 09-15, proposal, still open
//   G  6,000 created 11-01, proposal, won 12-10          H  4,000 created 11-20, won 12-01 (never seen open)
//   on 2026-01-05 also open: I 15,000 proposal (created 12-20), J 9,000 qualification (12-28, closing
//   2026-04-15: after the quarter, still counted), K 7,000 negotiation (12-30); L 2,000 won 2026-01-02.
//
// Observations (deal open at a snapshot inside a past quarter; cell = stage, age, point; won = won
// inside that quarter as 2026-01-05 shows it):
//   Q2 06-02 (point 62 -> 60+):  #0 B proposal, age 32 -> 31-90                      not won (lost in Q3)
//   Q3 07-01 (point 0 -> 0-29):  #1 A proposal, age 11 -> 0-30                       won 08-01
//                                #2 B proposal, age 61 -> 31-90                      not won
//                                #3 C qualification, age 6 -> 0-30                   not won (won in Q4)
//   Q3 08-15 (point 45 -> 30-59): #4 B proposal, age 106 -> 91+                      not won
//                                #5 C qualification, age 51 -> 31-90                 not won
//                                #6 D proposal, age 14 -> 0-30                       won 09-20
//   Q4 10-01 (point 0 -> 0-29):  #7 C qualification, age 98 -> 91+                   won 10-20
//                                #8 F proposal, age 16 -> 0-30                       not won
//   Q4 11-15 (point 45 -> 30-59): #9 F proposal, age 61 -> 31-90                     not won
//                                #10 G proposal, age 14 -> 0-30                      won 12-10
// Stage proposal: #0 #1 #2 #4 #6 #8 #9 #10 = 8 seen, 3 won (A, D, G) -> 3/8; qualification: #3 #5 #7
// = 3 seen, 1 won -> 1/3; all: 11 seen, 4 won -> 4/11.
const SERIES = join(FIXTURES, 'canonical/forecast_history');
let fixture: Awaited<ReturnType<typeof fixtureWarehouse>>;
let server: Server;
let client: ReturnType<typeof createTRPCClient<AppRouter>>;
beforeAll(async () => {
  fixture = await fixtureWarehouse(SERIES);
  server = createDashboardServer(fixture.warehouse);
  client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${await listen(server, 0, '127.0.0.1')}/api` })] });
});
afterAll(async () => {
  await new Promise((done) => server.close(done));
  fixture.cleanup();
});

const query = (text: string) => fixture.warehouse.query(text);
const Q1_2026 = `'2026-01-05'::date, '2026-01-01'::date, '2026-03-31'::date`;

describe('int_historical_win_rates', () => {
  it('gives p per cell, falling back to the stage, then to all cells, below N observations', async () => {
    const rows = await query(`select stage, age_bucket, point_bucket, cell_seen, cell_won, stage_seen, stage_won, all_seen, all_won, p_level, p
      from int_historical_win_rates('2026-01-05'::date, min_observations := 2)
      where (stage, age_bucket, point_bucket) in (('proposal', '0-30', '0-29'), ('proposal', '0-30', '30-59'), ('proposal', '91+', '0-29'),
        ('qualification', '0-30', '0-29'), ('negotiation', '0-30', '0-29'))
      order by stage_order, age_bucket, point_bucket`);
    expect(rows).toEqual([
      // qualification 0-30 at 0-29: #3 only (1 < 2) -> the stage's 1/3
      { stage: 'qualification', age_bucket: '0-30', point_bucket: '0-29', cell_seen: 1, cell_won: 0, stage_seen: 3, stage_won: 1, all_seen: 11, all_won: 4, p_level: 'stage', p: 1 / 3 },
      // proposal 0-30 at 0-29: #1 won, #8 not: 1/2
      { stage: 'proposal', age_bucket: '0-30', point_bucket: '0-29', cell_seen: 2, cell_won: 1, stage_seen: 8, stage_won: 3, all_seen: 11, all_won: 4, p_level: 'cell', p: 0.5 },
      // proposal 0-30 at 30-59: #6 and #10 both won: 2/2
      { stage: 'proposal', age_bucket: '0-30', point_bucket: '30-59', cell_seen: 2, cell_won: 2, stage_seen: 8, stage_won: 3, all_seen: 11, all_won: 4, p_level: 'cell', p: 1 },
      // proposal 91+ at 0-29: never seen -> 3/8
      { stage: 'proposal', age_bucket: '91+', point_bucket: '0-29', cell_seen: 0, cell_won: 0, stage_seen: 8, stage_won: 3, all_seen: 11, all_won: 4, p_level: 'stage', p: 0.375 },
      // negotiation: no deal was ever seen there -> all cells, 4/11
      { stage: 'negotiation', age_bucket: '0-30', point_bucket: '0-29', cell_seen: 0, cell_won: 0, stage_seen: 0, stage_won: 0, all_seen: 11, all_won: 4, p_level: 'all', p: 4 / 11 },
    ]);
  });

  it('learns only from quarters ended before the snapshot used as of the date', async () => {
    // as of 2025-08-15 only Q2 is over: observation #0 (B, then still open, lost later) -> 0 of 1;
    // Q3's own snapshots (07-01, 08-15) do not count yet
    const [all] = await query(`select max(all_seen) as seen, max(all_won) as won from int_historical_win_rates('2025-08-15'::date)`);
    expect(all).toEqual({ seen: 1, won: 0 });
  });
});

describe('int_not_yet_created_bookings', () => {
  it('sums each past quarter\'s wins from deals created after the same point of the quarter', async () => {
    // 2026-01-05 is day 4 of Q1 (point 4): deals created on or after each quarter's start + 4 days
    // Q2 (from 04-05): nothing won in Q2 -> 0; Q3 (from 07-05): D 8,000 + E 3,000 (A was created 06-20)
    // = 11,000; Q4 (from 10-05): G 6,000 + H 4,000 (C was created 06-25) = 10,000
    const rows = await query(`select quarter_start, point_days, bookings from int_not_yet_created_bookings('2026-01-05'::date, '2026-01-01'::date) order by quarter_start`);
    expect(rows).toEqual([
      { quarter_start: '2025-04-01', point_days: 4, bookings: 0 },
      { quarter_start: '2025-07-01', point_days: 4, bookings: 11000 },
      { quarter_start: '2025-10-01', point_days: 4, bookings: 10000 },
    ]);
  });
});

describe('forecast_historical', () => {
  it('adds closed won, every open deal x its p and the mean not-yet-created bookings (N = 2)', async () => {
    // open on 2026-01-05, point 4 -> 0-29:
    //   F proposal age 112 (91+): cell unseen -> stage 3/8: 12,000 x 0.375 = 4,500
    //   I proposal age 16 (0-30): cell 1/2: 15,000 x 0.5 = 7,500
    //   J qualification age 8: cell seen once -> stage 1/3: 9,000 / 3 = 3,000 (closes in Q2, counted anyway)
    //   K negotiation age 6: all cells 4/11: 7,000 x 4/11 = 2,545.4545
    // expected from open = 17,545.4545; not yet created = (0 + 11,000 + 10,000) / 3 = 7,000; closed won: L 2,000
    // figure = 2,000 + 17,545.4545 + 7,000 = 26,545.4545
    const [row] = await query(`select * from forecast_historical(${Q1_2026}, min_observations := 2)`);
    expect(row).toMatchObject({
      as_of: '2026-01-05', quarters_of_history: 3, enough_history: true, closed_won: 2000, open_deals: 4, open_amount: 43000,
      deals_priced_by_cell: 1, deals_priced_by_stage: 2, deals_priced_by_all: 1, expected_not_yet_created: 7000,
    });
    expect(row.expected_from_open).toBeCloseTo(17545.4545, 3);
    expect(row.figure).toBeCloseTo(26545.4545, 3);
  });

  it('uses the rate over all cells when no cell or stage reaches the default 20 observations', async () => {
    // 11 observations in all: every deal at 4/11: 43,000 x 4/11 = 15,636.3636; + 2,000 + 7,000 = 24,636.3636
    const [row] = await query(`select * from forecast_historical(${Q1_2026})`);
    expect(row).toMatchObject({ deals_priced_by_all: 4, deals_priced_by_cell: 0, deals_priced_by_stage: 0 });
    expect(row.expected_from_open).toBeCloseTo(15636.3636, 3);
    expect(row.figure).toBeCloseTo(24636.3636, 3);
  });

  it('says so instead of giving a number with fewer than 2 past quarters', async () => {
    // as of 2025-08-15 only Q2 2025 has ended
    const [row] = await query(`select quarters_of_history, enough_history, figure, note from forecast_historical('2025-08-15'::date, '2025-07-01'::date, '2025-09-30'::date)`);
    expect(row).toEqual({ quarters_of_history: 1, enough_history: false, figure: null, note: 'not enough history: 1 past quarter(s) with snapshots, 2 needed' });
  });

  it('gives what closed won for a quarter already over, and nothing for other periods or a quarter not begun', async () => {
    // Q4 2025 as of 2026-01-05: C 5,000 + G 6,000 + H 4,000 = 15,000
    const rows = await query(`select 'q4' as period, figure, note from forecast_historical('2026-01-05'::date, '2025-10-01'::date, '2025-12-31'::date)
      union all select 'january', figure, note from forecast_historical('2026-01-05'::date, '2026-01-01'::date, '2026-01-31'::date)
      union all select 'q2', figure, note from forecast_historical('2026-01-05'::date, '2026-04-01'::date, '2026-06-30'::date)
      union all select 'all', figure, note from forecast_historical('2026-01-05'::date, null, null)`);
    expect(rows).toEqual([
      { period: 'q4', figure: 15000, note: 'the quarter is over: what closed won' },
      { period: 'january', figure: null, note: 'the historical method forecasts calendar quarters' },
      { period: 'q2', figure: null, note: 'the quarter has not begun on the as-of date' },
      { period: 'all', figure: null, note: 'the historical method forecasts calendar quarters' },
    ]);
  });
});

describe('forecast_simulation_inputs', () => {
  it('lists closed won, each open deal with its p and each past quarter\'s not-yet-created bookings', async () => {
    const rows = await query(`select kind, opportunity_id, quarter_start, amount, p from forecast_simulation_inputs(${Q1_2026})`);
    expect(rows).toEqual([
      { kind: 'closed_won', opportunity_id: null, quarter_start: null, amount: 2000, p: 1 },
      { kind: 'not_yet_created', opportunity_id: null, quarter_start: '2025-04-01', amount: 0, p: null },
      { kind: 'not_yet_created', opportunity_id: null, quarter_start: '2025-07-01', amount: 11000, p: null },
      { kind: 'not_yet_created', opportunity_id: null, quarter_start: '2025-10-01', amount: 10000, p: null },
      { kind: 'open_deal', opportunity_id: 'F', quarter_start: null, amount: 12000, p: 4 / 11 },
      { kind: 'open_deal', opportunity_id: 'I', quarter_start: null, amount: 15000, p: 4 / 11 },
      { kind: 'open_deal', opportunity_id: 'J', quarter_start: null, amount: 9000, p: 4 / 11 },
      { kind: 'open_deal', opportunity_id: 'K', quarter_start: null, amount: 7000, p: 4 / 11 },
    ]);
  });
});

describe('forecast.view methods over HTTP', () => {
  it('shows one row per method, the Monte Carlo with its percentiles', async () => {
    const report = await client.forecast.view.query({ asOf: '2026-01-05' });
    expect(report.period).toBe('2026-01-01..2026-03-31');
    const byMethod = Object.fromEntries(report.tables.methods.map((row) => [row.method, row]));
    expect(report.tables.methods.map((row) => row.method)).toEqual(['weighted', 'commit', 'best_case', 'historical', 'monte_carlo']);
    // weighted: L 2,000 + open closing in Q1 at stage defaults: F 12,000 x 75% + I 15,000 x 75% + K 7,000 x 90%
    //   = 2,000 + 9,000 + 11,250 + 6,300 = 28,550 (J closes in Q2)
    // commit (proposal and negotiation by stage): 2,000 + 12,000 + 15,000 + 7,000 = 36,000; no best case deal
    expect(byMethod.weighted).toMatchObject({ figure: 28550, enough_history: true, p10: null });
    expect(byMethod.commit).toMatchObject({ figure: 36000 });
    expect(byMethod.best_case).toMatchObject({ figure: 36000 });
    expect(byMethod.historical.figure).toBeCloseTo(24636.3636, 3);
    // Monte Carlo: 2,000 + each of F, I, J, K (43,000) at 4/11 + one of 0 / 11,000 / 10,000.
    // Lowest totals: 2,000 (no deal, 0 drawn): (7/11)^4 / 3 = 5.47%; 9,000 (K alone, 0): (4/11)(7/11)^3 / 3
    // = 3.12% -> 8.59% so far; 11,000 (J alone, 0): 3.12% -> 11.71%, past 10%: P10 = 11,000 (the
    // 10% mark lies 1.4 and 1.7 points from its neighbours, about 5 standard errors of 10,000 runs)
    expect(byMethod.monte_carlo).toMatchObject({ enough_history: true, p10: 11000 });
    expect(byMethod.monte_carlo.figure).toBe(byMethod.monte_carlo.p50);
    expect(byMethod.monte_carlo.p50).toBeGreaterThanOrEqual(11000);
    expect(byMethod.monte_carlo.p90).toBeGreaterThanOrEqual(byMethod.monte_carlo.p50 as number);
    // the largest total possible: 2,000 + 43,000 + 11,000
    expect(byMethod.monte_carlo.p90).toBeLessThanOrEqual(56000);
  });

  it('shows the historical and Monte Carlo rows without figures when history is short', async () => {
    const report = await client.forecast.view.query({ asOf: '2025-08-15' });
    const rows = report.tables.methods.filter((row) => row.method === 'historical' || row.method === 'monte_carlo');
    expect(rows.map((row) => [row.method, row.figure, row.p50, row.enough_history])).toEqual([['historical', null, null, false], ['monte_carlo', null, null, false]]);
    expect(rows[1].note).toMatch(/not enough history/);
  });
});
