import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../server/db/warehouse.ts';
import { FIXTURES, fixtureWarehouse } from '../support/fixture-warehouse.ts';

// Fixture test/fixtures/canonical/funnel_segments (one snapshot, 2026-05-01), worked by hand.
// Leads created 2026-01..04 (S13, created 2025-12-20, is outside every period used here):
//   lead  created           source  owner  industry  country  employees  status      converted_at        opp (stage)
//   S1    01-05 10:00       web     alice  software  US       10         converted   01-20 10:00 (15 d)  P1 won
//   S2    01-10 09:00       web     bruno  retail    DE       49         converted   03-01 09:00 (50 d)  P2 open
//   S3    01-15 12:00       events  carla  software  DE       50         converted   04-10 12:00 (85 d)  P3 lost
//   S4    01-20 09:00       events  alice  -         US       250        converted   (none)              P4 won
//   S5    01-25 09:00       web     dan    retail    -        1000       working     -
//   S6    02-01 08:00       partner bruno  software  US       249        converted   03-03 08:00 (30 d exactly) P6 lost
//   S7    02-10 10:00       web     carla  retail    DE       999        converted   03-12 10:01 (30 d + 1 min) P7 won
//   S8    02-27 10:00       web     -      software  US       -          new (score 10) -
//   S9    03-05 10:00       web     bruno  software  DE       1000       converted   03-25 10:00 (20 d)  P9 open
//   S10   03-20 10:00       partner carla  retail    US       5          qualified   -
//   S11   04-10 10:00       web     alice  software  US       300        converted   04-15 10:00 (5 d)   P11 open
//   S12   04-28 10:00       events  alice  -         -        0          new (score 60) -
// Teams (owners.csv): alice east, bruno and carla west; dan is in no team, S8 has no owner -> "(none)".
// Steps (MQL = working/nurturing/qualified/converted or score >= 50; SQL = qualified/converted):
//   MQL: all but S8 (11); SQL: the 8 converted + S10 (9); opportunity: the 8 converted; won: S1, S4, S7 (3).
let warehouse: Warehouse;
let cleanup: () => void;
beforeAll(async () => ({ warehouse, cleanup } = await fixtureWarehouse(join(FIXTURES, 'canonical/funnel_segments'))));
afterAll(() => cleanup());

const AS_OF = '2026-05-01';

const cohorts = (start: string | null, end: string | null, source: string | null = null) =>
  warehouse.query(`select * from funnel_by_cohort($1::date, $2::date, $3::date, $4::varchar)`, [AS_OF, start, end, source]);
const segments = (dimension: string, source: string | null = null) =>
  warehouse.query(`select * from funnel_by_segment($1::date, $2::date, $3::date, $4::varchar, $5::varchar)`, [AS_OF, '2026-01-01', '2026-04-30', source, dimension]);
const periodRatio = (start: string, end: string, source: string | null = null) =>
  warehouse.query(`select month, is_total, leads_created, opportunities_created, period_ratio from funnel_period_ratio($1::date, $2::date, $3::date, $4::varchar)`, [AS_OF, start, end, source]);

const counts = (row: Record<string, unknown>) => [row.segment, row.leads, row.mqls, row.sqls, row.opportunities, row.won];

describe('funnel_by_cohort: conversion within 30, 60 and 90 days', () => {
  it('counts conversions inside each window, and none for a cohort too young for it', async () => {
    const rows = await cohorts('2026-01-01', '2026-04-30');
    // A window of N days counts when the cohort's last day + N <= 2026-05-01:
    //   Jan: 01-31 + 30 = 03-02, + 60 = 04-01, + 90 = 05-01 (exactly the as-of date: counts) -> all three
    //   Feb: 02-28 + 30 = 03-30, + 60 = 04-29; + 90 = 05-29 is after -> 30 and 60 only
    //   Mar: 03-31 + 30 = 04-30 -> 30 only;  Apr: 04-30 + 30 = 05-30 -> none
    // Jan: 4 converted by the as-of date (S1..S4), S4 with no converted_at (in no window):
    //   30 d: S1 (15 d) = 1; 60 d: + S2 (50 d) = 2; 90 d: + S3 (85 d) = 3.
    // Feb: S6 at exactly 30 d counts within 30 (<=); S7 at 30 d + 1 min does not: 30 d 1, 60 d 2.
    // Mar: S9 at 20 d -> 1 of 2.  Apr: S11 converted at 5 d, but the cohort is too young: no window.
    expect(rows.map((row) => [row.cohort_month, row.leads, row.opportunities, row.converted_undated, row.converted_30d, row.converted_60d, row.converted_90d])).toEqual([
      ['2026-01', 5, 4, 1, 1, 2, 3],
      ['2026-02', 3, 2, 0, 1, 2, null],
      ['2026-03', 2, 1, 0, 1, null, null],
      ['2026-04', 2, 1, 0, null, null, null],
    ]);
    const january = rows[0];
    expect(january.conversion_rate).toBeCloseTo(4 / 5, 10); // by the as-of date, S4 included
    expect(january.conversion_30d_rate).toBeCloseTo(1 / 5, 10);
    expect(january.conversion_60d_rate).toBeCloseTo(2 / 5, 10);
    expect(january.conversion_90d_rate).toBeCloseTo(3 / 5, 10);
    // Wilson 95% for 1 of 5: centre 1/5 + 1.96²/10 = 0.584160, half-width 1.96·sqrt(0.16/5 + 1.96²/100) = 0.520106,
    // over 1 + 1.96²/5 = 1.768320 -> [0.036223, 0.624472]
    expect(january.conversion_30d_low).toBeCloseTo(0.036223, 5);
    expect(january.conversion_30d_high).toBeCloseTo(0.624472, 5);
    // 3 of 5: centre 0.6 + 0.384160 = 0.984160, half-width 1.96·sqrt(0.24/5 + 0.038416) = 0.576173 -> [0.230720, 0.882382]
    expect(january.conversion_90d_low).toBeCloseTo(0.230720, 5);
    expect(january.conversion_90d_high).toBeCloseTo(0.882382, 5);
    // A young cohort's window has no count, no rate and no interval (not a zero that would understate it).
    const april = rows[3];
    expect([april.conversion_30d_rate, april.conversion_30d_low, april.conversion_30d_high]).toEqual([null, null, null]);
    expect(april.conversion_rate).toBeCloseTo(1 / 2, 10);
  });

  it('measures a cohort cut short by the period from the period end', async () => {
    // 2026-01-01..2026-01-15: S1, S2, S3; the last day is 01-15, and 01-15 + 90 = 04-15 <= 05-01: 3 of 3 within 90 days.
    const [january] = await cohorts('2026-01-01', '2026-01-15');
    expect([january.leads, january.converted_30d, january.converted_60d, january.converted_90d]).toEqual([3, 1, 2, 3]);
  });

  it('gives the "(no date)" cohort of period all no window', async () => {
    const rows = await cohorts(null, null);
    // period all also takes S13 (2025-12, not converted): 2025-12 + 90 days is well before the as-of date
    expect(rows.map((row) => [row.cohort_month, row.leads, row.converted_90d])).toEqual([['2025-12', 1, 0], ['2026-01', 5, 3], ['2026-02', 3, null], ['2026-03', 2, null], ['2026-04', 2, null]]);
  });
});

describe('funnel_by_segment', () => {
  it('splits the period funnel by owner, with "(none)" for a lead without one', async () => {
    const rows = await segments('owner');
    expect(rows.map(counts)).toEqual([
      ['alice', 4, 4, 3, 3, 2], // S1, S4, S11, S12 (S12 MQL by score only); won S1, S4
      ['bruno', 3, 3, 3, 3, 0], // S2, S6, S9, all converted, none won yet
      ['carla', 3, 3, 3, 2, 1], // S3, S7 converted (S7 won), S10 qualified
      ['(none)', 1, 0, 0, 0, 0], // S8
      ['dan', 1, 1, 0, 0, 0], // S5 working
      ['All leads', 12, 11, 9, 8, 3],
    ]);
    // Segments the drill-down filters on: lead_records.owner is empty for S8, so its value is null.
    expect(rows.map((row) => row.segment_value)).toEqual(['alice', 'bruno', 'carla', null, 'dan', null]);
    expect(rows.map((row) => row.is_total)).toEqual([false, false, false, false, false, true]);
    expect(rows.every((row) => row.dimension === 'owner')).toBe(true);
    const alice = rows[0];
    // Step rates: MQL 4/4, SQL 3/4, opportunity 3/3, won 2/3; lead -> opportunity 3/4.
    expect([alice.mql_rate, alice.sql_rate, alice.opportunity_rate, alice.won_rate, alice.conversion_rate, alice.lead_to_won_rate])
      .toEqual([1, 3 / 4, 1, 2 / 3, 3 / 4, 2 / 4]);
    // Wilson 95% for 3 of 4: centre 0.75 + 1.96²/8 = 1.230200, half-width 1.96·sqrt(0.1875/4 + 1.96²/64) = 0.640833,
    // over 1 + 1.96²/4 = 1.960400 -> [0.300636, 0.954414]
    expect(alice.conversion_low).toBeCloseTo(0.300636, 5);
    expect(alice.conversion_high).toBeCloseTo(0.954414, 5);
    // The total: 8 of 12 -> centre 2/3 + 1.96²/24 = 0.826733, half-width 1.96·sqrt((2/9)/12 + 1.96²/576) = 0.311066,
    // over 1 + 1.96²/12 = 1.320133 -> [0.390618, 0.861882]
    const total = rows[5];
    expect(total.conversion_rate).toBeCloseTo(8 / 12, 10);
    expect(total.conversion_low).toBeCloseTo(0.390618, 5);
    expect(total.conversion_high).toBeCloseTo(0.861882, 5);
    // No previous step, no rate: dan reached no SQL, so his opportunity rate (0 of 0) is null.
    expect([rows[4].opportunity_rate, rows[4].opportunity_low]).toEqual([null, null]);
  });

  it('splits by team, industry, country and source, naming the unknown', async () => {
    // west = bruno + carla (6 leads: 6 MQL, 6 SQL, 5 opportunities, 1 won); "(none)" = dan's S5 and owner-less S8.
    expect((await segments('team')).map(counts)).toEqual([
      ['west', 6, 6, 6, 5, 1], ['east', 4, 4, 3, 3, 2], ['(none)', 2, 1, 0, 0, 0], ['All leads', 12, 11, 9, 8, 3],
    ]);
    // software S1 S3 S6 S8 S9 S11; retail S2 S5 S7 S10; unknown S4 S12.
    expect((await segments('industry')).map(counts)).toEqual([
      ['software', 6, 5, 5, 5, 1], ['retail', 4, 4, 3, 2, 1], ['(unknown)', 2, 2, 1, 1, 1], ['All leads', 12, 11, 9, 8, 3],
    ]);
    // US S1 S4 S6 S8 S10 S11; DE S2 S3 S7 S9; unknown S5 S12.
    expect((await segments('country')).map(counts)).toEqual([
      ['US', 6, 5, 5, 4, 2], ['DE', 4, 4, 4, 4, 1], ['(unknown)', 2, 2, 0, 0, 0], ['All leads', 12, 11, 9, 8, 3],
    ]);
    // web S1 S2 S5 S7 S8 S9 S11; events S3 S4 S12; partner S6 S10.
    expect((await segments('source')).map(counts)).toEqual([
      ['web', 7, 6, 5, 5, 2], ['events', 3, 3, 2, 2, 1], ['partner', 2, 2, 2, 1, 0], ['All leads', 12, 11, 9, 8, 3],
    ]);
  });

  it('bands company size 1-49, 50-249, 250-999, 1000+ and unknown, in that order', async () => {
    // 1-49: S1 (10), S2 (49), S10 (5); 50-249: S3 (50), S6 (249); 250-999: S4 (250), S7 (999), S11 (300);
    // 1000+: S5, S9 (1000); unknown: S8 (none) and S12 (0 employees is no count).
    const rows = await segments('company_size');
    expect(rows.map(counts)).toEqual([
      ['1-49', 3, 3, 3, 2, 1], ['50-249', 2, 2, 2, 2, 0], ['250-999', 3, 3, 3, 3, 2], ['1000+', 2, 2, 1, 1, 0], ['unknown', 2, 1, 0, 0, 0],
      ['All leads', 12, 11, 9, 8, 3],
    ]);
    // 2 of 3 (1-49): centre 2/3 + 1.96²/6 = 1.306933, half-width 0.833369, over 2.280533 -> [0.207655, 0.938510]
    expect(rows[0].conversion_low).toBeCloseTo(0.207655, 5);
    expect(rows[0].conversion_high).toBeCloseTo(0.938510, 5);
  });

  it('applies the source filter before splitting', async () => {
    // web leads by owner: alice S1 S11, bruno S2 S9, carla S7, dan S5, (none) S8.
    expect((await segments('owner', 'web')).map((row) => [row.segment, row.leads, row.opportunities])).toEqual([
      ['alice', 2, 2], ['bruno', 2, 2], ['(none)', 1, 0], ['carla', 1, 1], ['dan', 1, 0], ['All leads', 7, 5],
    ]);
  });

  it('refuses a dimension it does not know', async () => {
    await expect(segments('email')).rejects.toThrow(/unknown dimension email/);
  });
});

describe('funnel_period_ratio', () => {
  it('divides opportunities created in each month by leads created in it, labelled as a ratio that may pass 1', async () => {
    // Opportunities by created_at: Jan P1; Feb P4; Mar P2 P6 P7 P9 and P20 (no lead); Apr P3 P11 and P21 (no lead);
    // May P24 (no lead). P22 (2025-12) is outside. Leads: Jan 5, Feb 3, Mar 2, Apr 2, May none.
    // Total 11 / 12. May has opportunities but no leads: kept, with no ratio.
    expect(await periodRatio('2026-01-01', '2026-05-31')).toEqual([
      { month: '2026-01', is_total: false, leads_created: 5, opportunities_created: 1, period_ratio: 1 / 5 },
      { month: '2026-02', is_total: false, leads_created: 3, opportunities_created: 1, period_ratio: 1 / 3 },
      { month: '2026-03', is_total: false, leads_created: 2, opportunities_created: 5, period_ratio: 5 / 2 },
      { month: '2026-04', is_total: false, leads_created: 2, opportunities_created: 3, period_ratio: 3 / 2 },
      { month: '2026-05', is_total: false, leads_created: 0, opportunities_created: 1, period_ratio: null },
      { month: 'All months', is_total: true, leads_created: 12, opportunities_created: 11, period_ratio: 11 / 12 },
    ]);
  });

  it('filters opportunities by their attributed source (the originating lead, else their own)', async () => {
    // web leads: Jan S1 S2 S5, Feb S7 S8, Mar S9, Apr S11. Web opportunities: P1 (S1) Jan; P2 (S2), P7 (S7),
    // P9 (S9) Mar; P11 (S11) and P21 (own source web) Apr. Feb has leads and no opportunity: ratio 0.
    expect((await periodRatio('2026-01-01', '2026-04-30', 'web')).map((row) => [row.month, row.leads_created, row.opportunities_created, row.period_ratio])).toEqual([
      ['2026-01', 3, 1, 1 / 3], ['2026-02', 2, 0, 0], ['2026-03', 1, 3, 3], ['2026-04', 1, 2, 2], ['All months', 7, 6, 6 / 7],
    ]);
  });

  it('has a total row of zeros and no ratio for an empty period', async () => {
    expect(await periodRatio('2024-01-01', '2024-03-31')).toEqual([
      { month: 'All months', is_total: true, leads_created: 0, opportunities_created: 0, period_ratio: null },
    ]);
  });
});
