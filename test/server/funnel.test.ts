/**
 * funnel.view over HTTP on test/fixtures/canonical/funnel_segments (one snapshot, 2026-05-01): the
 * segments and period_ratio tables, the groupBy input, and the cohort windows. The figures are
 * worked out by hand in test/sql/funnel-segments.test.ts; the ones used here are repeated below.
 */
import { join } from 'node:path';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../../server/routers/app.ts';
import { startDashboard } from '../support/dashboard.ts';
import { FIXTURES } from '../support/fixture-warehouse.ts';

let dashboard: Awaited<ReturnType<typeof startDashboard>>;
let client: ReturnType<typeof createTRPCClient<AppRouter>>;
beforeAll(async () => {
  dashboard = await startDashboard(join(FIXTURES, 'canonical/funnel_segments'));
  client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${dashboard.url}/api` })] });
});
afterAll(() => dashboard.stop());

// 2026-01-01..2026-04-30 as of 2026-05-01: 12 leads, 11 MQL, 9 SQL, 8 opportunities, 3 won.
const PERIOD = '2026-01-01..2026-04-30';

describe('funnel.view: segments and period ratio', () => {
  it('splits by source when no groupBy is given, with the total row last, and keeps the other tables', async () => {
    const report = await client.funnel.view.query({ asOf: '2026-05-01', period: PERIOD });
    expect(Object.keys(report.tables)).toEqual(['cohorts', 'steps', 'segments', 'period_ratio']);
    // web S1 S2 S5 S7 S8 S9 S11 (7 leads, 5 converted); events S3 S4 S12 (3, 2); partner S6 S10 (2, 1).
    expect(report.tables.segments.map((row) => [row.dimension, row.segment, row.leads, row.opportunities, row.is_total])).toEqual([
      ['source', 'web', 7, 5, false], ['source', 'events', 3, 2, false], ['source', 'partner', 2, 1, false], ['source', 'All leads', 12, 8, true],
    ]);
    expect(report.tables.steps.map((row) => row.records)).toEqual([12, 11, 9, 8, 3]);
    expect(report.tables.cohorts.map((row) => [row.cohort_month, row.leads, row.opportunities])).toEqual([['2026-01', 5, 4], ['2026-02', 3, 2], ['2026-03', 2, 1], ['2026-04', 2, 1]]);
  });

  it('splits by owner, team or company size as asked', async () => {
    const byOwner = await client.funnel.view.query({ asOf: '2026-05-01', period: PERIOD, groupBy: 'owner' });
    // alice S1 S4 S11 S12: 4 leads, 3 converted, 2 won; S8 has no owner.
    expect(byOwner.tables.segments.map((row) => [row.segment, row.segment_value, row.leads, row.opportunities, row.won])).toEqual([
      ['alice', 'alice', 4, 3, 2], ['bruno', 'bruno', 3, 3, 0], ['carla', 'carla', 3, 2, 1], ['(none)', null, 1, 0, 0], ['dan', 'dan', 1, 0, 0], ['All leads', null, 12, 8, 3],
    ]);
    // 3 of 4: Wilson 95% [0.300636, 0.954414] (worked in test/sql/funnel-segments.test.ts)
    expect(byOwner.tables.segments[0].conversion_low).toBeCloseTo(0.300636, 5);
    const byTeam = await client.funnel.view.query({ asOf: '2026-05-01', period: PERIOD, groupBy: 'team' });
    expect(byTeam.tables.segments.map((row) => [row.segment, row.leads])).toEqual([['west', 6], ['east', 4], ['(none)', 2], ['All leads', 12]]);
    const bySize = await client.funnel.view.query({ asOf: '2026-05-01', period: PERIOD, groupBy: 'company_size' });
    expect(bySize.tables.segments.map((row) => [row.segment, row.leads])).toEqual([['1-49', 3], ['50-249', 2], ['250-999', 3], ['1000+', 2], ['unknown', 2], ['All leads', 12]]);
  });

  it('gives the period ratio by month, labelled apart from conversion, and the source filter applies to it', async () => {
    const report = await client.funnel.view.query({ asOf: '2026-05-01', period: PERIOD });
    // Jan 1 opportunity / 5 leads, Feb 1/3, Mar 5/2, Apr 3/2; total 10 / 12 (P24, created in May, is outside).
    expect(report.tables.period_ratio.map((row) => [row.month, row.opportunities_created, row.leads_created, row.period_ratio])).toEqual([
      ['2026-01', 1, 5, 1 / 5], ['2026-02', 1, 3, 1 / 3], ['2026-03', 5, 2, 5 / 2], ['2026-04', 3, 2, 3 / 2], ['All months', 10, 12, 10 / 12],
    ]);
    const web = await client.funnel.view.query({ asOf: '2026-05-01', period: PERIOD, source: 'web' });
    expect(web.tables.period_ratio.map((row) => [row.month, row.opportunities_created, row.leads_created])).toEqual([
      ['2026-01', 1, 3], ['2026-02', 0, 2], ['2026-03', 3, 1], ['2026-04', 2, 1], ['All months', 6, 7],
    ]);
    expect(web.tables.segments.map((row) => row.segment)).toEqual(['web', 'All leads']);
  });

  it('sends the 30/60/90-day windows with the cohorts, null where the cohort is too young', async () => {
    const report = await client.funnel.view.query({ asOf: '2026-05-01', period: PERIOD });
    expect(report.tables.cohorts.map((row) => [row.cohort_month, row.converted_30d, row.converted_60d, row.converted_90d, row.converted_undated])).toEqual([
      ['2026-01', 1, 2, 3, 1], ['2026-02', 1, 2, null, 0], ['2026-03', 1, null, null, 0], ['2026-04', null, null, null, 0],
    ]);
  });

  it('refuses a groupBy it does not know', async () => {
    for (const groupBy of ['email', "source'; drop table leads; --", '']) {
      const error = await client.funnel.view.query({ groupBy } as never).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TRPCClientError);
      expect((error as TRPCClientError<AppRouter>).data?.code).toBe('BAD_REQUEST');
    }
  });
});
