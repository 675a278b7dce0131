import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../../server/routers/app.ts';
import { startDashboard } from '../support/dashboard.ts';
import { TWO_SNAPSHOTS } from '../support/fixture-warehouse.ts';

let dashboard: Awaited<ReturnType<typeof startDashboard>>;
let client: ReturnType<typeof createTRPCClient<AppRouter>>;
beforeAll(async () => {
  dashboard = await startDashboard(TWO_SNAPSHOTS);
  client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${dashboard.url}/api` })] });
});
afterAll(() => dashboard.stop());

describe('funnel.view over HTTP', () => {
  it('returns the report shape with the as-of snapshot and period resolved', async () => {
    const report = await client.funnel.view.query({ period: '2026-Q1', asOf: '2026-04-05' });
    // 04-05 lies between the snapshots: the latest on or before it is 04-01
    expect(report).toMatchObject({ view: 'funnel', as_of: '2026-04-01', as_of_requested: '2026-04-05', period: '2026-01-01..2026-03-31' });
    expect(report.tables.cohorts.map((row) => [row.cohort_month, row.leads, row.opportunities, row.won])).toEqual([['2026-01', 3, 1, 1], ['2026-02', 3, 1, 0]]);
    expect(report.tables.steps.map((row) => row.records)).toEqual([6, 5, 3, 2, 1]);
  });

  it('defaults to the latest snapshot and the four quarters ending with the last one ended', async () => {
    const report = await client.funnel.view.query({});
    // latest snapshot 2026-04-08; last quarter ended on or before it: 2026-Q1 -> 2025-Q2 .. 2026-Q1
    expect(report).toMatchObject({ as_of: '2026-04-08', as_of_requested: null, period: '2025-04-01..2026-03-31' });
    expect(report.tables.steps[0].records).toBe(6);
  });

  it('filters by source', async () => {
    const report = await client.funnel.view.query({ period: '2026-Q1', asOf: '2026-04-01', source: 'web' });
    expect(report.tables.cohorts.map((row) => row.leads)).toEqual([2, 1]);
  });

  it('rejects malformed input with a validation error and unknown keys outright', async () => {
    for (const input of [{ period: '2026-Q5' }, { asOf: '2026-02-30' }, { period: "2026'; drop table leads; --" }, { sort: 'leads' }]) {
      const error = await client.funnel.view.query(input as never).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TRPCClientError);
      expect((error as TRPCClientError<AppRouter>).data?.code).toBe('BAD_REQUEST');
    }
  });

  it('says when no snapshot exists on or before the date asked for', async () => {
    const error = await client.funnel.view.query({ asOf: '2020-01-01' }).catch((caught: unknown) => caught);
    expect((error as TRPCClientError<AppRouter>).data?.code).toBe('NOT_FOUND');
    expect((error as Error).message).toMatch(/no snapshot loaded on or before 2020-01-01/);
  });
});

describe('sources.view and options.filters over HTTP', () => {
  it('returns win rate by source for the period', async () => {
    const report = await client.sources.view.query({ period: '2026-Q1', asOf: '2026-04-01' });
    const total = report.tables.win_rate_by_source.find((row) => row.is_total);
    expect(total).toMatchObject({ won: 2, lost: 2, win_rate: 0.5, win_rate_by_amount: 0.6 });
  });

  it('lists snapshots newest first and every source name', async () => {
    expect(await client.options.filters.query()).toEqual({ snapshots: ['2026-04-08', '2026-04-01'], sources: ['(none)', 'events', 'web'] });
  });
});
