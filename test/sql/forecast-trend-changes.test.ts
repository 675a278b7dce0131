import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, fixtureWarehouse } from '../support/fixture-warehouse.ts';

// test/fixtures/canonical/forecast_changes: three weekly snapshots (2026-05-04, 05-11, 05-18); period 2026-Q2.
// Probabilities are the CRM's (default policy). "In the period": open closing in Q2, or won with closed-on in Q2.
//
// 2026-05-04: won in Q2: C09 2,500. Open closing in Q2: C01 10,000 @80% = 8,000; C02 6,000 @50% = 3,000;
//   C05 7,000 @60% = 4,200; C06 20,000 @40% = 8,000; C07 5,000 @90% = 4,500 (best case); C08 3,000 @20% = 600.
//   C04 (closes 07-15) and C10 (09-01) are outside. Weighted = 2,500 + 28,300 = 30,800.
// 2026-05-11: C01 won 05-08 at 11,000; C02 lost; C03 created 05-06, 4,000 @10%; C04 pulled in to 06-20 (8,000 @50%);
//   C05 pushed out to 08-10; C06 @40% -> 70%; C07 best case -> commit. Won: 2,500 + 11,000 = 13,500; open:
//   C03 400 + C04 4,000 + C06 14,000 + C07 4,500 + C08 600 = 23,500. Weighted = 37,000: +6,200.
// 2026-05-18: C06 resized 20,000 -> 24,000 and @70% -> 60%; C07 commit -> best case; C08 deleted; C11 created 05-12
//   and won 05-15 at 1,500 (never seen open). Won: 13,500 + 1,500 = 15,000; open: C03 400 + C04 4,000 +
//   C06 24,000 x 60% = 14,400 + C07 4,500 = 23,300. Weighted = 38,300: +1,300.
const SERIES = join(FIXTURES, 'canonical/forecast_changes');
const Q2_2026 = `'2026-05-18'::date, '2026-04-01'::date, '2026-06-30'::date`;
let fixture: Awaited<ReturnType<typeof fixtureWarehouse>>;
beforeAll(async () => { fixture = await fixtureWarehouse(SERIES); });
afterAll(() => fixture?.cleanup());

describe('forecast_trend_changes', () => {
  it('explains each week against the one before, the first snapshot having none', async () => {
    const rows = await fixture.warehouse.query(`select * from forecast_trend_changes(${Q2_2026})`);
    expect(rows).toEqual([
      {
        snapshot_date: '2026-05-11', previous_snapshot_date: '2026-05-04',
        // C01 won at its amount now, 11,000; C02 lost at its amount then, 6,000
        won_deals: 1, won_amount: 11000, lost_deals: 1, lost_amount: 6000,
        // C03 created 05-06 (after 05-04), open closing 06-30
        created_deals: 1, created_amount: 4000,
        // C04: closing 07-15 then, 06-20 now, 8,000; C05: closing 06-25 then, 08-10 now, 7,000 then
        pulled_in_deals: 1, pulled_in_amount: 8000, pushed_out_deals: 1, pushed_out_amount: 7000,
        // C06 20,000 x (70% - 40%) = 6,000; no amount changed
        probability_raised_deals: 1, probability_lowered_deals: 0, probability_weighted_change: 6000,
        resized_deals: 0, resized_weighted_change: 0,
        // C07 best case -> commit
        category_up_deals: 1, category_down_deals: 0,
        // by deal: C01 11,000 - 8,000; C02 -3,000; C03 +400; C04 +4,000; C05 -4,200; C06 +6,000 = +6,200
        previous_weighted_pipeline: 30800, weighted_pipeline: 37000, weighted_change: 6200,
      },
      {
        snapshot_date: '2026-05-18', previous_snapshot_date: '2026-05-11',
        // C11, created and won between the snapshots, counts as won (and not as created: it is not open)
        won_deals: 1, won_amount: 1500, lost_deals: 0, lost_amount: 0, created_deals: 0, created_amount: 0,
        pulled_in_deals: 0, pulled_in_amount: 0, pushed_out_deals: 0, pushed_out_amount: 0,
        // C06: probability at the amount now, 24,000 x (60% - 70%) = -2,400; the resize at p then,
        // 70% x (24,000 - 20,000) = +2,800; together 14,400 - 14,000 = +400
        probability_raised_deals: 0, probability_lowered_deals: 1, probability_weighted_change: -2400,
        resized_deals: 1, resized_weighted_change: 2800,
        // C07 commit -> best case
        category_up_deals: 0, category_down_deals: 1,
        // C11 +1,500; C06 +400; C08 deleted -600 (in no column of its own) = +1,300
        previous_weighted_pipeline: 37000, weighted_pipeline: 38300, weighted_change: 1300,
      },
    ]);
  });

  it('moves by the change of forecast_trend\'s weighted pipeline', async () => {
    const trend = await fixture.warehouse.query(`select snapshot_date, weighted_pipeline from forecast_trend(${Q2_2026})`);
    const changes = await fixture.warehouse.query(`select snapshot_date, previous_weighted_pipeline, weighted_pipeline from forecast_trend_changes(${Q2_2026})`);
    expect(changes).toEqual(trend.slice(1).map((point, i) => ({
      snapshot_date: point.snapshot_date, previous_weighted_pipeline: trend[i].weighted_pipeline, weighted_pipeline: point.weighted_pipeline,
    })));
  });

  it('stops at the as-of date and has no row for a single snapshot', async () => {
    const upTo11 = await fixture.warehouse.query(`select snapshot_date from forecast_trend_changes('2026-05-11'::date, '2026-04-01'::date, '2026-06-30'::date)`);
    expect(upTo11).toEqual([{ snapshot_date: '2026-05-11' }]);
    const upTo04 = await fixture.warehouse.query(`select snapshot_date from forecast_trend_changes('2026-05-04'::date, '2026-04-01'::date, '2026-06-30'::date)`);
    expect(upTo04).toEqual([]);
  });

  it('explains another period by its own deals', async () => {
    // 2026-Q3 on 2026-05-11: C04 leaves it (a pull into Q2 is a push out of Q3: 8,000 then) and C05 enters it
    // (pulled in, 7,000 now); C10 stays. Weighted: C04 8,000 x 50% + C10 9,000 x 20% = 5,800 -> C05 7,000 x 60%
    // + C10 1,800 = 6,000: +200
    const [row] = await fixture.warehouse.query(`select pulled_in_deals, pulled_in_amount, pushed_out_deals, pushed_out_amount, won_deals, weighted_change
      from forecast_trend_changes('2026-05-11'::date, '2026-07-01'::date, '2026-09-30'::date)`);
    expect(row).toEqual({ pulled_in_deals: 1, pulled_in_amount: 7000, pushed_out_deals: 1, pushed_out_amount: 8000, won_deals: 0, weighted_change: 200 });
  });
});
