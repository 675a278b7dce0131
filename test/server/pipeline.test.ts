import { join } from 'node:path';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../../server/routers/app.ts';
import { startDashboard } from '../support/dashboard.ts';
import { FIXTURES } from '../support/fixture-warehouse.ts';

// The fixture and its figures worked out by hand: test/sql/pipeline-movement.test.ts.
// Snapshots 2026-05-04 and 2026-05-11; Q2 open pipeline 73,000.00 -> 69,735.31.
let dashboard: Awaited<ReturnType<typeof startDashboard>>;
let client: ReturnType<typeof createTRPCClient<AppRouter>>;
beforeAll(async () => {
  dashboard = await startDashboard(join(FIXTURES, 'canonical/pipeline_movement'));
  client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${dashboard.url}/api` })] });
});
afterAll(() => dashboard.stop());

async function errorCode(call: Promise<unknown>) {
  const error = await call.catch((caught: unknown) => caught);
  return (error as TRPCClientError<AppRouter>).data?.code;
}

describe('pipeline.movement', () => {
  it('defaults to the latest snapshot, the one before it and the quarter containing the latest', async () => {
    const report = await client.pipeline.movement.query({});
    expect(report).toMatchObject({
      view: 'pipeline-movement', as_of: '2026-05-11', as_of_requested: null, period: '2026-04-01..2026-06-30',
      from: '2026-05-04', from_requested: null, to: '2026-05-11', to_requested: null,
    });
    expect(report.tables.waterfall.map((row) => [row.step, row.deals, row.amount, row.bar_start, row.bar_end])).toEqual([
      ['start', 9, 73000, 0, 73000],
      ['created', 2, 1234.56, 73000, 74234.56],
      ['pulled_in', 1, 16000, 74234.56, 90234.56],
      ['increased', 2, 8000.5, 90234.56, 98235.06],
      ['decreased', 1, -1499.75, 98235.06, 96735.31],
      ['won', 1, -12000, 96735.31, 84735.31],
      ['lost', 1, -7000, 84735.31, 77735.31],
      ['pushed_out', 1, -9000, 77735.31, 68735.31],
      ['other_in', 2, 8000, 68735.31, 76735.31],
      ['other_out', 2, -7000, 76735.31, 69735.31],
      ['end', 9, 69735.31, 0, 69735.31],
    ]);
    // every deal that moved (P01 did not), in waterfall order and by size within a step
    expect(report.tables.deals.map((row) => [row.opportunity_id, row.category, row.amount])).toEqual([
      ['P12', 'created', 1234.56], ['P13', 'created', 0], ['P09', 'pulled_in', 16000], ['P02', 'increased', 5000.5], ['P16', 'increased', 3000],
      ['P03', 'decreased', -1499.75], ['P04', 'won', -12000], ['P05', 'lost', -7000], ['P06', 'pushed_out', -9000],
      ['P10', 'other_in', 5500], ['P11', 'other_in', 2500], ['P07', 'other_out', -4000], ['P08', 'other_out', -3000],
    ]);
  });

  it('resolves dates between snapshots to the latest snapshot on or before them, and takes a period', async () => {
    const report = await client.pipeline.movement.query({ from: '2026-05-10', to: '2026-06-01', period: '2026-Q3', deals: false });
    expect(report).toMatchObject({ from: '2026-05-04', from_requested: '2026-05-10', to: '2026-05-11', to_requested: '2026-06-01', as_of: '2026-05-11', period: '2026-07-01..2026-09-30' });
    // Q3: 21,000.00 + 9,500.00 (P06 pulled in) - 15,000.00 (P09 pushed out) = 15,500.00
    expect(report.tables.waterfall.filter((row) => row.deals > 0).map((row) => [row.step, row.amount])).toEqual([
      ['start', 21000], ['pulled_in', 9500], ['pushed_out', -15000], ['end', 15500],
    ]);
    expect(report.tables.deals).toEqual([]);
  });

  it('refuses a from after to, a date before every snapshot and a malformed period', async () => {
    expect(await errorCode(client.pipeline.movement.query({ from: '2026-05-11', to: '2026-05-04' }))).toBe('BAD_REQUEST');
    expect(await errorCode(client.pipeline.movement.query({ from: '2026-01-01' }))).toBe('NOT_FOUND');
    expect(await errorCode(client.pipeline.movement.query({ period: '2026-Q5' }))).toBe('BAD_REQUEST');
    expect(await errorCode(client.pipeline.movement.query({ period: '2026-06-30..2026-04-01' }))).toBe('BAD_REQUEST');
    expect(await errorCode(client.pipeline.movement.query({ asOf: '2026-05-11' } as never))).toBe('BAD_REQUEST');
  });
});

describe('pipeline.deals: the deals behind a bar', () => {
  it('lists a movement\'s deals with their start and end amount, stage and close date', async () => {
    const result = await client.pipeline.deals.query({ category: 'pushed_out' });
    expect(result).toMatchObject({ from: '2026-05-04', to: '2026-05-11', period: '2026-04-01..2026-06-30', category: 'pushed_out', total: 1 });
    expect(result.rows[0]).toMatchObject({
      system: 'canonical', opportunity_id: 'P06', name: 'Pushed out', amount: -9000, start_amount: 9000, end_amount: 9500,
      start_stage: 'value_proposition', end_stage: 'value_proposition', start_close_date: '2026-06-20', end_close_date: '2026-07-15',
    });
    const otherOut = await client.pipeline.deals.query({ category: 'other_out', sort: 'opportunity_id', direction: 'asc' });
    expect(otherOut.rows.map((row) => [row.opportunity_id, row.detail, row.end_stage])).toEqual([['P07', 'deleted', null], ['P08', 'now omitted', 'proposal']]);
  });

  it('lists the start and end pipelines by size, paged', async () => {
    // start by start amount: P02 20,000, P04 12,000, P01 10,000, P06 9,000, P03 8,000, P05 7,000, P07 4,000, P08 3,000, P16 0
    const first = await client.pipeline.deals.query({ category: 'start', pageSize: 4 });
    const third = await client.pipeline.deals.query({ category: 'start', pageSize: 4, page: 2 });
    expect(first.total).toBe(9);
    expect(first.rows.map((row) => row.opportunity_id)).toEqual(['P02', 'P04', 'P01', 'P06']);
    expect(third.rows.map((row) => [row.opportunity_id, row.start_amount])).toEqual([['P16', 0]]);
    // end by end amount, smallest first: P13 0, P12 1,234.56, P11 2,500, P16 3,000, ...
    const end = await client.pipeline.deals.query({ category: 'end', direction: 'asc', pageSize: 3 });
    expect(end.rows.map((row) => [row.opportunity_id, row.end_amount])).toEqual([['P13', 0], ['P12', 1234.56], ['P11', 2500]]);
    expect(end.total).toBe(9);
  });

  it('refuses a category or sort outside the allow-list', async () => {
    for (const input of [{ category: 'unchanged' }, { category: 'won', sort: 'amount; drop table opportunities' }, { category: 'won', sort: 'valid_from' }]) {
      expect(await errorCode(client.pipeline.deals.query(input as never))).toBe('BAD_REQUEST');
    }
  });
});
