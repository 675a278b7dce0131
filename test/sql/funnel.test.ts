import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../server/db/warehouse.ts';
import { fixtureWarehouse, TWO_SNAPSHOTS } from '../support/fixture-warehouse.ts';

// Fixture test/fixtures/canonical/two_snapshots, worked by hand:
// Q1 2026 leads: L1 (Jan, web, converted -> O1 won), L2 (Jan, web, working), L3 (Jan, events,
// qualified; disqualified on 04-08), L4 (Feb, events, new, score 60), L5 (Feb, web, converted -> O2,
// won on 04-05), L6 (Feb, no source, new, score 10). L7 has no created_at; L8 is created in April.
// MQL = working/nurturing/qualified/converted status or score >= 50; SQL = qualified/converted.
let warehouse: Warehouse;
let cleanup: () => void;
beforeAll(async () => ({ warehouse, cleanup } = await fixtureWarehouse(TWO_SNAPSHOTS)));
afterAll(() => cleanup());

const cohorts = (asOf: string, start: string | null, end: string | null, source: string | null = null) =>
  warehouse.query(`select * from funnel_by_cohort($1::date, $2::date, $3::date, $4::varchar)`, [asOf, start, end, source]);
const steps = (asOf: string, start: string | null, end: string | null, source: string | null = null) =>
  warehouse.query(`select step, records, previous_records, step_rate, cumulative_rate from funnel_steps($1::date, $2::date, $3::date, $4::varchar)`, [asOf, start, end, source]);

// Wilson 95% for 1 of 3: centre (1/3 + 1.96²/6) = 0.973603, half-width 1.96 * sqrt(2/27 + 1.96²/36) = 0.833369,
// divided by 1 + 1.96²/3 = 2.280533 -> [0.061490, 0.792345]
const WILSON_1_OF_3 = [0.06149, 0.79235];

describe('funnel_by_cohort', () => {
  it('counts each Q1 cohort at every step it reached, as of 2026-04-01', async () => {
    const rows = await cohorts('2026-04-01', '2026-01-01', '2026-03-31');
    expect(rows.map((row) => [row.cohort_month, row.leads, row.mqls, row.sqls, row.opportunities, row.won])).toEqual([
      ['2026-01', 3, 3, 2, 1, 1], // L1 L2 L3 all MQL; L1, L3 SQL; L1 converted and won
      ['2026-02', 3, 2, 1, 1, 0], // L4 (score) and L5 MQL; L5 SQL and converted; O2 still open
    ]);
    expect(rows[0].conversion_rate).toBeCloseTo(1 / 3, 10);
    expect(rows[0].conversion_low).toBeCloseTo(WILSON_1_OF_3[0], 4);
    expect(rows[0].conversion_high).toBeCloseTo(WILSON_1_OF_3[1], 4);
    expect(rows[1].lead_to_won_rate).toBe(0);
    expect(rows[1].lead_to_won_low).toBe(0); // Wilson lower bound of 0 of n is exactly 0
  });

  it('counts O2 as won once the snapshot that shows it won is the as-of date', async () => {
    const rows = await cohorts('2026-04-08', '2026-01-01', '2026-03-31');
    expect(rows.map((row) => [row.cohort_month, row.won])).toEqual([['2026-01', 1], ['2026-02', 1]]);
  });

  it('keeps a lead disqualified after qualifying at the steps its history shows', async () => {
    // as of 04-08 L3 is disqualified, but its 04-01 version was qualified: still MQL and SQL
    const rows = await cohorts('2026-04-08', '2026-01-01', '2026-01-31');
    expect(rows).toMatchObject([{ cohort_month: '2026-01', leads: 3, mqls: 3, sqls: 2 }]);
  });

  it('filters by source, naming leads without one "(none)"', async () => {
    expect((await cohorts('2026-04-01', '2026-01-01', '2026-03-31', 'web')).map((row) => [row.cohort_month, row.leads])).toEqual([['2026-01', 2], ['2026-02', 1]]);
    expect((await cohorts('2026-04-01', '2026-01-01', '2026-03-31', '(none)')).map((row) => [row.cohort_month, row.leads])).toEqual([['2026-02', 1]]);
  });

  it('includes leads without a creation date only for the period all', async () => {
    const rows = await cohorts('2026-04-08', null, null);
    expect(rows.map((row) => [row.cohort_month, row.leads])).toEqual([['(no date)', 1], ['2026-01', 3], ['2026-02', 3], ['2026-04', 1]]);
  });
});

describe('funnel_steps', () => {
  it('gives counts, percent of previous step and cumulative conversion for the period', async () => {
    const rows = await steps('2026-04-01', '2026-01-01', '2026-03-31');
    // 6 leads -> 5 MQL -> 3 SQL -> 2 opportunities -> 1 won
    expect(rows).toEqual([
      { step: 'lead', records: 6, previous_records: null, step_rate: null, cumulative_rate: 1 },
      { step: 'mql', records: 5, previous_records: 6, step_rate: 5 / 6, cumulative_rate: 5 / 6 },
      { step: 'sql', records: 3, previous_records: 5, step_rate: 3 / 5, cumulative_rate: 3 / 6 },
      { step: 'opportunity', records: 2, previous_records: 3, step_rate: 2 / 3, cumulative_rate: 2 / 6 },
      { step: 'won', records: 1, previous_records: 2, step_rate: 1 / 2, cumulative_rate: 1 / 6 },
    ]);
  });

  it('has no rates for an empty period rather than dividing by zero', async () => {
    const rows = await steps('2026-04-01', '2025-01-01', '2025-03-31');
    expect(rows.every((row) => row.records === 0 && row.cumulative_rate === null)).toBe(true);
  });
});
