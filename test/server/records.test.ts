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

describe('records.list: the records behind a figure', () => {
  it('lists the leads behind a funnel cell: 2026-01 cohort at MQL = L1, L2, L3', async () => {
    const result = await client.records.list.query({ kind: 'lead', period: '2026-Q1', asOf: '2026-04-01', where: { cohort_month: '2026-01', reached_mql: true }, sort: 'created_at', direction: 'asc' });
    expect(result.total).toBe(3);
    expect(result.rows.map((row) => 'lead_id' in row && row.lead_id)).toEqual(['L1', 'L2', 'L3']);
  });

  it('lists the deals behind a win-rate cell: partner, closed in Q1 = O3 (lost), O4 (won)', async () => {
    const result = await client.records.list.query({ kind: 'opportunity', period: '2026-Q1', periodOn: 'closed_on', asOf: '2026-04-01', where: { source: 'partner' }, sort: 'amount', direction: 'desc' });
    expect(result.rows.map((row) => 'opportunity_id' in row && [row.opportunity_id, row.amount, row.is_won])).toEqual([['O3', 8000, false], ['O4', 2000, true]]);
  });

  it('filters on where the lead journey stands and on its size band, as cycle times and segments count them', async () => {
    // as of 04-08: L1 and L5 converted, L3 disqualified (after qualifying); the rest are open
    const exited = await client.records.list.query({ kind: 'lead', period: 'all', asOf: '2026-04-08', where: { has_exited: true }, sort: 'lead_id', direction: 'asc' });
    expect(exited.rows.map((row) => 'exit_state' in row && [row.lead_id, row.exit_state])).toEqual([['L1', 'converted'], ['L3', 'disqualified'], ['L5', 'converted']]);
    // no lead in the fixture has an employee count: every one is in the band "unknown"
    const unknownSize = await client.records.list.query({ kind: 'lead', period: 'all', asOf: '2026-04-08', where: { company_size: 'unknown' } });
    expect(unknownSize.total).toBe(8);
  });

  it('pages and counts', async () => {
    const first = await client.records.list.query({ kind: 'lead', period: 'all', asOf: '2026-04-08', sort: 'lead_id', direction: 'asc', pageSize: 3 });
    const third = await client.records.list.query({ kind: 'lead', period: 'all', asOf: '2026-04-08', sort: 'lead_id', direction: 'asc', pageSize: 3, page: 2 });
    expect(first.total).toBe(8);
    expect(first.rows.map((row) => 'lead_id' in row && row.lead_id)).toEqual(['L1', 'L2', 'L3']);
    expect(third.rows.map((row) => 'lead_id' in row && row.lead_id)).toEqual(['L7', 'L8']);
  });

  it('refuses a filter or sort column outside the allow-list', async () => {
    for (const input of [{ kind: 'lead', sort: 'email; drop table leads' }, { kind: 'lead', where: { 'email = email or 1': true } }, { kind: 'opportunity', periodOn: 'valid_from' }]) {
      const error = await client.records.list.query(input as never).catch((caught: unknown) => caught);
      expect((error as TRPCClientError<AppRouter>).data?.code).toBe('BAD_REQUEST');
    }
  });
});

describe('records.detail', () => {
  it('gives the record as of the snapshot and its timeline: O2 proposal from 04-01, won from 04-08', async () => {
    const detail = await client.records.detail.query({ kind: 'opportunity', system: 'canonical', id: 'O2' });
    expect(detail.record).toMatchObject({ stage: 'closed_won', amount: 5000, closed_on: '2026-04-05', source: 'web', days_to_close: 44 });
    expect(detail.timeline.map((version) => [version.valid_from, version.valid_to, version.state])).toEqual([
      ['2026-04-01', '2026-04-08', 'proposal'], ['2026-04-08', null, 'closed_won'],
    ]);
  });

  it('says NOT_FOUND for a record that never existed', async () => {
    const error = await client.records.detail.query({ kind: 'lead', system: 'canonical', id: 'L99' }).catch((caught: unknown) => caught);
    expect((error as TRPCClientError<AppRouter>).data?.code).toBe('NOT_FOUND');
  });
});
