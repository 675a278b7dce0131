import { join } from 'node:path';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../../server/routers/app.ts';
import { startDashboard } from '../support/dashboard.ts';
import { FIXTURES } from '../support/fixture-warehouse.ts';

// Fixture test/fixtures/canonical/source_roi (see test/sql/source-roi.test.ts for the whole of it).
// Leads created in 2026-Q2 and converted by 2026-07-15: web 3 of 6 (W2, W4, W5), events 2 of 6 (E1, E2), partner 0 of 8.
let dashboard: Awaited<ReturnType<typeof startDashboard>>;
let client: ReturnType<typeof createTRPCClient<AppRouter>>;
beforeAll(async () => {
  dashboard = await startDashboard(join(FIXTURES, 'canonical/source_roi'));
  client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${dashboard.url}/api` })] });
});
afterAll(() => dashboard.stop());

describe('sources.compare over HTTP', () => {
  it('finds web against events not significant, and about 131 more leads per source would settle it', async () => {
    const report = await client.sources.compare.query({ asOf: '2026-07-15', period: '2026-Q2', a: 'web', b: 'events' });
    expect(report).toMatchObject({ view: 'sources-compare', as_of: '2026-07-15', period: '2026-04-01..2026-06-30' });
    const [row] = report.tables.comparison;
    // pooled 5/12; SE sqrt(5/12 x 7/12 x (1/6 + 1/6)) = 0.284638; z = (1/2 - 1/3) / 0.284638 = 0.585540;
    // p = 2 (1 - Φ(0.585540)) = 2 (1 - 0.720908) = 0.558185
    expect(row).toMatchObject({ source_a: 'web', source_b: 'events', leads_a: 6, converted_a: 3, leads_b: 6, converted_b: 2, is_significant: false });
    expect(row.difference).toBeCloseTo(1 / 6, 10);
    expect(row.z).toBeCloseTo(0.58554, 5);
    expect(row.p_value).toBeCloseTo(0.558185, 5);
    // n = (1.959964 sqrt(2 x 5/12 x 7/12) + 0.841621 sqrt(1/4 + 2/9))² / (1/6)² = (1.366520 + 0.578348)² x 36 = 136.17 -> 137,
    // less the 6 leads each source has: 131 more each
    expect(row).toMatchObject({ leads_needed_per_source: 137, more_leads_a: 131, more_leads_b: 131 });
  });

  it('finds web against partner significant at 5%', async () => {
    const report = await client.sources.compare.query({ asOf: '2026-07-15', period: '2026-Q2', a: 'web', b: 'partner' });
    const [row] = report.tables.comparison;
    // pooled 3/14; SE sqrt(3/14 x 11/14 x (1/6 + 1/8)) = 0.221601; z = 0.5 / 0.221601 = 2.256304; p = 2 (1 - 0.987974) = 0.024052
    expect(row.z).toBeCloseTo(2.256304, 5);
    expect(row.p_value).toBeCloseTo(0.024052, 5);
    expect(row).toMatchObject({ is_significant: true, leads_needed_per_source: null });
  });

  it('refuses the same source twice and an empty name', async () => {
    for (const input of [{ a: 'web', b: 'web' }, { a: '', b: 'web' }]) {
      const error = await client.sources.compare.query(input).catch((caught: unknown) => caught);
      expect((error as TRPCClientError<AppRouter>).data?.code).toBe('BAD_REQUEST');
    }
  });
});

describe('sources.view over HTTP', () => {
  it('keeps win_rate_by_source first and adds the roi and campaigns tables', async () => {
    const report = await client.sources.view.query({ asOf: '2026-07-15', period: '2026-Q2' });
    expect(Object.keys(report.tables)).toEqual(['win_rate_by_source', 'roi', 'campaigns']);
    // web: cost 3,000 (half of C1) + 2,000 (C2); won 27,000 -> ROI 4.4; events 9,000 -> -1
    expect(report.tables.roi.map((row) => [row.source, row.cost, row.roi])).toEqual([
      ['events', 9000, -1], ['web', 5000, 4.4], ['partner', 3000, expect.closeTo(10 / 3, 10)], ['(none)', 0, null], ['All sources', 17000, expect.closeTo(23 / 17, 10)],
    ]);
    expect(report.tables.campaigns.map((row) => [row.campaign_id, row.cost])).toEqual([['C3', 9000], ['C1', 3000], ['C2', 2000], ['All campaigns', 14000]]);
  });
});
