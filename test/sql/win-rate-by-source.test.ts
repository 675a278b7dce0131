import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../server/db/warehouse.ts';
import { fixtureWarehouse, TWO_SNAPSHOTS } from '../support/fixture-warehouse.ts';

// Opportunities closed in Q1 2026 (fixture two_snapshots), worked by hand:
// O1 won 10,000 on 02-01, from lead L1 (web); O3 lost 8,000 on close date 03-10 (partner, no lead);
// O4 won 2,000 on 03-20 (partner); O5 lost, no amount, closed_at 03-05 (events). O2 is won on 04-05.
let warehouse: Warehouse;
let cleanup: () => void;
beforeAll(async () => ({ warehouse, cleanup } = await fixtureWarehouse(TWO_SNAPSHOTS)));
afterAll(() => cleanup());

const winRates = (asOf: string, start: string | null, end: string | null) =>
  warehouse.query(`select source, is_total, won, lost, closed, won_amount, lost_amount, win_rate, win_rate_by_amount, win_rate_low, win_rate_high
    from win_rate_by_source($1::date, $2::date, $3::date)`, [asOf, start, end]);

describe('win_rate_by_source', () => {
  it('gives won / (won + lost) by count and by amount per source, with a total', async () => {
    const rows = await winRates('2026-04-01', '2026-01-01', '2026-03-31');
    const bySource = Object.fromEntries(rows.map((row) => [row.source, row]));
    expect(bySource.partner).toMatchObject({ won: 1, lost: 1, closed: 2, win_rate: 0.5, won_amount: 2000, lost_amount: 8000, win_rate_by_amount: 0.2 });
    expect(bySource.web).toMatchObject({ won: 1, lost: 0, win_rate: 1, won_amount: 10000, win_rate_by_amount: 1 });
    // O5 has no amount: it counts in the count rate, as 0 in amounts, so there is no amount rate
    expect(bySource.events).toMatchObject({ won: 0, lost: 1, win_rate: 0, win_rate_by_amount: null });
    expect(bySource['All sources']).toMatchObject({ is_total: true, won: 2, lost: 2, closed: 4, win_rate: 0.5, won_amount: 12000, lost_amount: 8000, win_rate_by_amount: 0.6 });
    // Wilson 95% for 1 of 2: (0.5 + 0.9604 -+ 1.96 * sqrt(0.125 + 0.2401)) / 2.9208 = [0.094529, 0.905471]
    expect(bySource.partner.win_rate_low).toBeCloseTo(0.094529, 5);
    expect(bySource.partner.win_rate_high).toBeCloseTo(0.905471, 5);
    expect(rows.at(-1)?.is_total).toBe(true);
  });

  it('attributes a deal to its originating lead, and reads stage as of the snapshot', async () => {
    // as of 04-01 O2 is open: nothing web closed in Q2; as of 04-08 it is won (closed_at 04-05)
    expect(await winRates('2026-04-01', '2026-04-01', '2026-06-30')).toEqual([
      expect.objectContaining({ source: 'All sources', closed: 0, win_rate: null }),
    ]);
    const q2 = await winRates('2026-04-08', '2026-04-01', '2026-06-30');
    expect(q2.map((row) => [row.source, row.won, row.won_amount])).toEqual([['web', 1, 5000], ['All sources', 1, 5000]]);
  });
});
