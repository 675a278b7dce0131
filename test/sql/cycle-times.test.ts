import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../server/db/warehouse.ts';
import { FIXTURES, fixtureWarehouse } from '../support/fixture-warehouse.ts';

// Fixture test/fixtures/canonical/cycle_times: snapshots 2026-01-15, 2026-02-01, 2026-03-01 (as of),
// period 2026-01 (records created in January). Every timestamp is at midnight, so a duration is a
// count of days; "day" below means days since the record was created.
//
// Opportunities created in January (OX, created 2025-12-20, and OF3, created 2026-02-01, are not):
//   OW10 web/east/software   created 01-15, won  01-25 -> day 10
//   OL20 web/east/retail     created 01-03, lost 01-23 -> day 20
//   OW20 partner/west/software created 01-04, won 01-24 -> day 20
//   OO30 web/west/retail     created 01-30, open       -> censored at day 30 (to 03-01)
//   OW40 partner/east/software created 01-05, won on its close date 02-14 (no closed_at) -> day 40
//   OO50 partner/west/(no account) created 01-10, open -> censored at day 50
// Leads created in January (L9, created 2025-12-15, is not):
//   L1  web     converted 01-15 (created 01-05)  -> day 10
//   L10 partner created 01-20, first seen disqualified on 02-01; the snapshot before (01-15) predates it -> day 12
//   L3  web     converted 02-01 (created 01-07)  -> day 25
//   L2  partner working on 01-15, disqualified on 02-01 (created 01-06) -> day 26
//   L6  partner new, open (created 01-25)        -> censored at day 35
//   L4  web     working, open (created 01-20)    -> censored at day 40
//   L5  partner new, nurturing, disqualified on 03-01 (created 01-10) -> day 50
//   L7  web     already disqualified in the first snapshot: when is unknown -> left out, counted
//   L8  partner converted, no converted_at: when is unknown -> left out, counted
let warehouse: Warehouse;
let cleanup: () => void;
beforeAll(async () => ({ warehouse, cleanup } = await fixtureWarehouse(join(FIXTURES, 'canonical/cycle_times'))));
afterAll(() => cleanup());

const AS_OF = '2026-03-01';
const JANUARY = ['2026-01-01', '2026-01-31'] as const;
type Arguments = { asOf?: string; period?: readonly [string | null, string | null]; source?: string | null; groupBy?: string | null };
const call = (mart: string, { asOf = AS_OF, period = JANUARY, source = null, groupBy = null }: Arguments = {}) =>
  warehouse.query(`select * from ${mart}($1::date, $2::date, $3::date, $4::varchar, $5::varchar)`, [asOf, period[0], period[1], source, groupBy]);

function totalCurve(rows: Record<string, unknown>[], curve: string) {
  return rows.filter((row) => row.curve === curve && row.is_total);
}

describe('survival_curves: Kaplan-Meier time to close with won and lost as competing risks', () => {
  it('steps through every day a deal closed or was censored, from 100% open on day 0', async () => {
    const steps = totalCurve(await call('survival_curves'), 'time_to_close');
    // day  at risk  won lost censored  S(t) = S(t-) x (1 - d/n)      CIF won += S(t-) x won/n    CIF lost += S(t-) x lost/n
    //  0      6      -    -     -      1
    // 10      6      1    0     0      5/6                          1 x 1/6 = 1/6                0
    // 20      5      1    1     0      5/6 x 3/5 = 1/2              + 5/6 x 1/5 = 1/3             5/6 x 1/5 = 1/6
    // 30      3      0    0     1      1/2                          1/3                          1/6
    // 40      2      1    0     0      1/2 x 1/2 = 1/4              + 1/2 x 1/2 -> 7/12           1/6
    // 50      1      0    0     1      1/4                          7/12                         1/6
    expect(steps.map((row) => [row.step, row.day, row.at_risk, row.success_events, row.failure_events, row.censored])).toEqual([
      [0, 0, 6, 0, 0, 0], [1, 10, 6, 1, 0, 0], [2, 20, 5, 1, 1, 0], [3, 30, 3, 0, 0, 1], [4, 40, 2, 1, 0, 0], [5, 50, 1, 0, 0, 1],
    ]);
    const expected = [[1, 0, 0], [5 / 6, 1 / 6, 0], [1 / 2, 1 / 3, 1 / 6], [1 / 2, 1 / 3, 1 / 6], [1 / 4, 7 / 12, 1 / 6], [1 / 4, 7 / 12, 1 / 6]];
    steps.forEach((row, i) => {
      expect(row.survival).toBeCloseTo(expected[i][0], 12);
      expect(row.success_incidence).toBeCloseTo(expected[i][1], 12);
      expect(row.failure_incidence).toBeCloseTo(expected[i][2], 12);
      // the outcomes and the share still open add up to everyone: 7/12 + 1/6 + 1/4 = 1
      expect(Number(row.survival) + Number(row.success_incidence) + Number(row.failure_incidence)).toBeCloseTo(1, 12);
    });
    // A Kaplan-Meier curve of "won" alone (lost censored) would claim 1 - 5/6 x 4/5 x 1/2 = 2/3 won by
    // day 40, more than the 7/12 the deals support: the reason won and lost are cumulative incidences.
    expect(steps[4].success_incidence).toBeLessThan(2 / 3);
  });

  it('treats disqualification as competing with conversion in time to convert', async () => {
    const steps = totalCurve(await call('survival_curves'), 'time_to_convert');
    // day  at risk  conv disq cens  S(t)                        CIF converted                CIF disqualified
    // 10      7      1    0    0    6/7                          1/7                          0
    // 12      6      0    1    0    6/7 x 5/6 = 5/7              1/7                          6/7 x 1/6 = 1/7
    // 25      5      1    0    0    5/7 x 4/5 = 4/7              + 5/7 x 1/5 -> 2/7           1/7
    // 26      4      0    1    0    4/7 x 3/4 = 3/7              2/7                          + 4/7 x 1/4 -> 2/7
    // 35      3      0    0    1    3/7                          2/7                          2/7
    // 40      2      0    0    1    3/7                          2/7                          2/7
    // 50      1      0    1    0    0                            2/7                          + 3/7 x 1/1 -> 5/7
    // L7 and L8 have no known date: left out.
    expect(steps.map((row) => [row.day, row.at_risk, row.success_events, row.failure_events, row.censored])).toEqual([
      [0, 7, 0, 0, 0], [10, 7, 1, 0, 0], [12, 6, 0, 1, 0], [25, 5, 1, 0, 0], [26, 4, 0, 1, 0], [35, 3, 0, 0, 1], [40, 2, 0, 0, 1], [50, 1, 0, 1, 0],
    ]);
    const expected = [[1, 0, 0], [6 / 7, 1 / 7, 0], [5 / 7, 1 / 7, 1 / 7], [4 / 7, 2 / 7, 1 / 7], [3 / 7, 2 / 7, 2 / 7], [3 / 7, 2 / 7, 2 / 7], [3 / 7, 2 / 7, 2 / 7], [0, 2 / 7, 5 / 7]];
    steps.forEach((row, i) => {
      expect(row.survival).toBeCloseTo(expected[i][0], 12);
      expect(row.success_incidence).toBeCloseTo(expected[i][1], 12);
      expect(row.failure_incidence).toBeCloseTo(expected[i][2], 12);
    });
  });

  it('draws one curve per group beside the total', async () => {
    const rows = await call('survival_curves', { groupBy: 'source' });
    const web = rows.filter((row) => row.curve === 'time_to_close' && !row.is_total && row.group_value === 'web');
    // web deals: OW10 won day 10 (n 3) -> S 2/3; OL20 lost day 20 (n 2) -> S 1/3, CIF lost 2/3 x 1/2 = 1/3; OO30 censored day 30
    expect(web.map((row) => [row.day, row.at_risk])).toEqual([[0, 3], [10, 3], [20, 2], [30, 1]]);
    expect(web[2].survival).toBeCloseTo(1 / 3, 12);
    expect(web[2].success_incidence).toBeCloseTo(1 / 3, 12);
    expect(web[2].failure_incidence).toBeCloseTo(1 / 3, 12);
    // the total is the same whatever the grouping
    expect(totalCurve(rows, 'time_to_close').map((row) => row.at_risk)).toEqual([6, 6, 5, 3, 2, 1]);
  });
});

describe('cycle_times: durations of completed journeys, with the Kaplan-Meier median beside them', () => {
  it('gives median, p75 and p90 by quantile_cont over the records that reached each outcome', async () => {
    const rows = await call('cycle_times');
    const byJourney = Object.fromEntries(rows.map((row) => [row.journey, row]));
    // quantile_cont at q over n sorted values: position q x (n - 1), interpolating between neighbours.
    // won 10, 20, 40: median at 1 -> 20; p75 at 1.5 -> 20 + 0.5 x 20 = 30; p90 at 1.8 -> 20 + 0.8 x 20 = 36
    expect(byJourney.opportunity_to_won).toMatchObject({ records: 6, completed: 3, without_duration: 0, still_open: 2, median_days: 20, p75_days: 30, p90_days: 36, km_median_days: null });
    // lost 20 alone
    expect(byJourney.opportunity_to_lost).toMatchObject({ completed: 1, median_days: 20, p75_days: 20, p90_days: 20, km_median_days: null });
    // closed 10, 20, 20, 40: median at 1.5 -> 20; p75 at 2.25 -> 20 + 0.25 x 20 = 25; p90 at 2.7 -> 20 + 0.7 x 20 = 34.
    // Kaplan-Meier median: S falls to 1/2 on day 20, the first day at or below one half (the open deals count).
    expect(byJourney.opportunity_to_close).toMatchObject({ completed: 4, still_open: 2, median_days: 20, p75_days: 25, p90_days: 34, km_median_days: 20 });
    // converted 10, 25: median at 0.5 -> 17.5; p75 at 0.75 -> 10 + 0.75 x 15 = 21.25; p90 at 0.9 -> 10 + 0.9 x 15 = 23.5; L8 has no date
    expect(byJourney.lead_to_conversion).toMatchObject({ records: 9, completed: 2, without_duration: 1, still_open: 2, median_days: 17.5, p75_days: 21.25, p90_days: 23.5 });
    // disqualified 12, 26, 50: median 26; p75 at 1.5 -> 26 + 0.5 x 24 = 38; p90 at 1.8 -> 26 + 0.8 x 24 = 45.2; L7 has no date
    expect(byJourney.lead_to_disqualification).toMatchObject({ completed: 3, without_duration: 1, median_days: 26, p75_days: 38 });
    expect(byJourney.lead_to_disqualification.p90_days).toBeCloseTo(45.2, 10);
    // either, 10, 12, 25, 26, 50: median 25; p75 at 3 -> 26; p90 at 3.6 -> 26 + 0.6 x 24 = 40.4; Kaplan-Meier median day 26 (S = 3/7)
    expect(byJourney.lead_to_exit).toMatchObject({ completed: 5, without_duration: 2, still_open: 2, median_days: 25, p75_days: 26, km_median_days: 26 });
    expect(byJourney.lead_to_exit.p90_days).toBeCloseTo(40.4, 10);
    // every record of a journey is completed, left out for want of a date, or still open (or reached the other outcome)
    expect(Number(byJourney.lead_to_exit.completed) + Number(byJourney.lead_to_exit.without_duration) + Number(byJourney.lead_to_exit.still_open)).toBe(9);
  });

  it('groups by source, with a total row for each journey', async () => {
    const rows = await call('cycle_times', { groupBy: 'source' });
    const close = rows.filter((row) => row.journey === 'opportunity_to_close').map((row) => [row.group_value, row.is_total, row.completed, row.median_days, row.km_median_days]);
    // web: closed 10, 20 -> median 15; KM 10 -> 2/3, 20 -> 1/3: median 20.
    // partner: closed 20, 40 -> median 30; KM 20 (n 3) -> 2/3, 40 (n 2) -> 1/3: median 40.
    expect(close).toEqual([['partner', false, 2, 30, 40], ['web', false, 2, 15, 20], [null, true, 4, 20, 20]]);
    // partner leads: L10 day 12 (n 4) -> 3/4, L2 day 26 (n 3) -> 3/4 x 2/3 = 1/2 exactly: at or below one half,
    // so the Kaplan-Meier median is day 26 (not the midpoint to the next event, as some packages report).
    expect(rows.find((row) => row.journey === 'lead_to_exit' && row.group_value === 'partner')).toMatchObject({ completed: 3, km_median_days: 26 });
  });

  it('names a group with no value null, and has no Kaplan-Meier median while more than half are open', async () => {
    const rows = await call('cycle_times', { groupBy: 'industry' });
    const close = rows.filter((row) => row.journey === 'opportunity_to_close').map((row) => [row.group_value, row.is_total, row.records, row.completed, row.km_median_days]);
    // retail: OL20 lost day 20 (n 2) -> 1/2: median 20; software: 10 (n 3) -> 2/3, 20 -> 1/3: median 20;
    // OO50 has no account: its own group, open, S stays 1, no median.
    expect(close).toEqual([['retail', false, 2, 1, 20], ['software', false, 3, 3, 20], [null, false, 1, 0, null], [null, true, 6, 4, 20]]);
  });

  it('filters by source and takes only the records created in the period', async () => {
    const web = await call('cycle_times', { source: 'web' });
    expect(web.find((row) => row.journey === 'opportunity_to_close')).toMatchObject({ records: 3, completed: 2, median_days: 15 });
    // February alone: OF3 (open since 02-01: 28 days) and no lead
    const february = await call('cycle_times', { period: ['2026-02-01', '2026-02-28'] });
    expect(february.map((row) => [row.journey, row.records, row.still_open, row.km_median_days])).toEqual([
      ['opportunity_to_won', 1, 1, null], ['opportunity_to_lost', 1, 1, null], ['opportunity_to_close', 1, 1, null],
    ]);
  });

  it('measures what was known on the as-of date', async () => {
    // As of 2026-02-01 OW40 is open (censored at 27 days), L5 is open (22 days), and so are OO50 (22) and OO30 (2).
    const rows = await call('cycle_times', { asOf: '2026-02-01' });
    const close = rows.find((row) => row.journey === 'opportunity_to_close');
    // closed 10, 20, 20 -> median 20; KM: day 2 censored; 10 (n 5) -> 4/5; 20 (n 4, 2 closed) -> 4/5 x 1/2 = 2/5: median 20
    expect(close).toMatchObject({ records: 6, completed: 3, still_open: 3, median_days: 20, km_median_days: 20 });
  });
});

describe('time_in_stage: days in each open stage from the stage history, deals still in it censored', () => {
  it('sums each deal\'s stays in a stage, from snapshots where there is no CRM history', async () => {
    const rows = await call('time_in_stage');
    // qualification (stage changes seen in the snapshots, entered at creation for the first version):
    //   OW10 01-15 -> 02-01 = 17, OW40 01-05 -> 02-01 = 27, OL20 01-03 -> 02-01 = 29, OO30 01-30 -> 03-01 = 30;
    //   OO50 still in it since 01-10: censored at 50.
    //   median of 17, 27, 29, 30 at 1.5 -> 28; p75 at 2.25 -> 29.25; p90 at 2.7 -> 29.7.
    //   KM: 17 (n 5) -> 4/5; 27 (n 4) -> 3/5; 29 (n 3) -> 2/5: median 29.
    // proposal: OW20 01-04 -> 02-01 = 28, OW40 02-01 -> 03-01 = 28; OO30 entered on 03-01: censored at 0.
    //   KM: 0 censored (n 3); 28 (n 2, both leave) -> 0: median 28.
    expect(rows.map((row) => [row.stage, row.opportunities, row.completed, row.still_in_stage, row.median_days, row.p75_days, row.km_median_days])).toEqual([
      ['qualification', 5, 4, 1, 28, 29.25, 29],
      ['proposal', 3, 2, 1, 28, 28, 28],
    ]);
    expect(rows[0].p90_days).toBeCloseTo(29.7, 10);
  });

  it('censors a stay that had not ended on the as-of date', async () => {
    const rows = await call('time_in_stage', { asOf: '2026-02-01' });
    // qualification as of 02-01: OW10 17, OW40 27, OL20 29 left it; OO30 (2 days) and OO50 (22 days) still in it.
    // proposal: OW20 28 left it; OW40 entered on 02-01: censored at 0.
    expect(rows.map((row) => [row.stage, row.opportunities, row.completed, row.still_in_stage, row.median_days])).toEqual([
      ['qualification', 5, 3, 2, 27],
      ['proposal', 2, 1, 1, 28],
    ]);
  });

  it('groups by team', async () => {
    const rows = await call('time_in_stage', { groupBy: 'team' });
    // qualification, east (alice): OW10 17, OL20 29, OW40 27 -> median 27; west (bruno): OO30 30, OO50 censored
    expect(rows.filter((row) => row.stage === 'qualification').map((row) => [row.group_value, row.completed, row.still_in_stage, row.median_days])).toEqual([
      ['east', 3, 0, 27], ['west', 1, 1, 30], [null, 4, 1, 28],
    ]);
  });
});

describe('int_lead_disqualifications', () => {
  it('dates a disqualification by the first snapshot showing it, unknown when no earlier snapshot could have seen the lead open', async () => {
    const rows = await warehouse.query(`select lead_id, strftime(disqualified_on, '%Y-%m-%d') as disqualified_on from int_lead_disqualifications($1::date) order by lead_id`, [AS_OF]);
    expect(rows).toEqual([
      { lead_id: 'L10', disqualified_on: '2026-02-01' }, // created 01-20, after the 01-15 snapshot
      { lead_id: 'L2', disqualified_on: '2026-02-01' },
      { lead_id: 'L5', disqualified_on: '2026-03-01' },
      { lead_id: 'L7', disqualified_on: null }, // disqualified in the first snapshot
    ]);
  });
});
