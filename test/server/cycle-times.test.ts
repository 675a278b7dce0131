import { join } from 'node:path';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../../server/routers/app.ts';
import { startDashboard } from '../support/dashboard.ts';
import { FIXTURES } from '../support/fixture-warehouse.ts';

// Fixture test/fixtures/canonical/cycle_times, worked by hand in test/sql/cycle-times.test.ts: in
// January 2026, six opportunities (won on days 10, 20, 40; lost on day 20; open for 30 and 50 days
// on 2026-03-01) and nine leads.
let dashboard: Awaited<ReturnType<typeof startDashboard>>;
let client: ReturnType<typeof createTRPCClient<AppRouter>>;
beforeAll(async () => {
  dashboard = await startDashboard(join(FIXTURES, 'canonical/cycle_times'));
  client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${dashboard.url}/api` })] });
});
afterAll(() => dashboard.stop());

describe('cycleTimes.view over HTTP', () => {
  it('returns the report shape with durations, stages and curves', async () => {
    const report = await client.cycleTimes.view.query({ period: '2026-01' });
    expect(report).toMatchObject({ view: 'cycle-times', as_of: '2026-03-01', as_of_requested: null, period: '2026-01-01..2026-01-31', filters: { source: null, group_by: null } });
    expect(Object.keys(report.tables).sort()).toEqual(['curves', 'durations', 'stages']);
    // closed on days 10, 20, 20, 40: median 20, p75 25, p90 34; Kaplan-Meier S = 5/6 x 3/5 = 1/2 on day 20
    expect(report.tables.durations.find((row) => row.journey === 'opportunity_to_close')).toMatchObject({ completed: 4, still_open: 2, median_days: 20, p75_days: 25, p90_days: 34, km_median_days: 20 });
    // won, by cumulative incidence: 1/6 + 5/6 x 1/5 + 1/2 x 1/2 = 7/12 by day 40
    const day40 = report.tables.curves.find((step) => step.curve === 'time_to_close' && step.is_total && step.day === 40);
    expect(day40?.success_incidence).toBeCloseTo(7 / 12, 12);
    expect(report.tables.stages.map((row) => [row.stage, row.median_days, row.km_median_days])).toEqual([['qualification', 28, 29], ['proposal', 28, 28]]);
  });

  it('groups by the chosen dimension and filters by source', async () => {
    const byTeam = await client.cycleTimes.view.query({ period: '2026-01', groupBy: 'team' });
    expect(byTeam.filters.group_by).toBe('team');
    // east (alice): won 10, lost 20, won 40; west (bruno): won 20, two open
    expect(byTeam.tables.durations.filter((row) => row.journey === 'opportunity_to_close').map((row) => [row.group_value, row.is_total, row.completed, row.median_days]))
      .toEqual([['east', false, 3, 20], ['west', false, 1, 20], [null, true, 4, 20]]);
    const web = await client.cycleTimes.view.query({ period: '2026-01', source: 'web' });
    expect(web.filters.source).toBe('web');
    expect(web.tables.durations.find((row) => row.journey === 'opportunity_to_close')).toMatchObject({ records: 3, median_days: 15 });
  });

  it('resolves an as-of date between snapshots to the one before it', async () => {
    const report = await client.cycleTimes.view.query({ period: '2026-01', asOf: '2026-02-20' });
    expect(report).toMatchObject({ as_of: '2026-02-01', as_of_requested: '2026-02-20' });
    expect(report.tables.durations.find((row) => row.journey === 'opportunity_to_close')).toMatchObject({ completed: 3, still_open: 3 });
  });

  it('rejects a grouping it does not know, and unknown keys', async () => {
    for (const input of [{ groupBy: 'owner' }, { groupBy: "source'; drop table leads; --" }, { sort: 'days' }]) {
      const error = await client.cycleTimes.view.query(input as never).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TRPCClientError);
      expect((error as TRPCClientError<AppRouter>).data?.code).toBe('BAD_REQUEST');
    }
  });
});
