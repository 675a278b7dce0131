import { createTRPCClient, httpLink } from '@trpc/client';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoCompany } from '../../pipelines/demo/generate.ts';
import type { AppRouter } from '../../server/routers/app.ts';
import { startDashboard } from '../support/dashboard.ts';

// The demo company at a small scale, thinned to one snapshot every nine weeks (2024-11-04,
// 2025-01-06, 03-10, 05-12, 07-14) so it loads quickly: 2024-Q4, 2025-Q1 and 2025-Q2 are past
// quarters with snapshots as of 2025-07-14, enough for the methods that learn from history. No exact figures here (the
// fixtures prove those): only that every method answers on a realistic company.
let series: string;
let dashboard: Awaited<ReturnType<typeof startDashboard>>;
let client: ReturnType<typeof createTRPCClient<AppRouter>>;
beforeAll(async () => {
  series = mkdtempSync(join(tmpdir(), 'leadlens-demo-forecast-'));
  const manifest = await generateDemoCompany({ outDir: series, scale: 0.05, snapshots: 37 });
  manifest.snapshots.forEach((date, index) => { if (index % 9 !== 0) rmSync(join(series, date), { recursive: true }); });
  expect(readdirSync(series).filter((name) => /^\d{4}-/.test(name))).toHaveLength(5);
  dashboard = await startDashboard(series);
  client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${dashboard.url}/api` })] });
}, 60_000);
afterAll(async () => {
  await dashboard?.stop();
  rmSync(series, { recursive: true, force: true });
});

describe('forecast.view on the demo company', () => {
  it('gives a number by every method, with the Monte Carlo band in order', async () => {
    const report = await client.forecast.view.query({});
    expect(report).toMatchObject({ as_of: '2025-07-14', period: '2025-07-01..2025-09-30' });
    expect(report.tables.methods.map((row) => row.method)).toEqual(['weighted', 'commit', 'best_case', 'historical', 'monte_carlo']);
    for (const row of report.tables.methods) {
      expect(row.figure, row.method).toBeTypeOf('number');
      expect(row.enough_history, row.method).toBe(true);
    }
    const monteCarlo = report.tables.methods.find((row) => row.method === 'monte_carlo');
    expect(monteCarlo?.p10).toBeLessThanOrEqual(monteCarlo?.p50 as number);
    expect(monteCarlo?.p50).toBeLessThanOrEqual(monteCarlo?.p90 as number);
    // the tables the Forecast view already shows are still there
    expect(report.tables.summary).toHaveLength(1);
    expect(report.tables.trend.length).toBeGreaterThan(0);
  });

  it('backtests every method by day over the past quarters', async () => {
    const { backtest } = (await client.forecast.view.query({})).tables;
    expect(backtest).toHaveLength(5 * 6);
    expect(new Set(backtest.map((row) => row.method))).toEqual(new Set(['weighted', 'commit', 'best_case', 'historical', 'monte_carlo']));
    // the simple methods have a forecast in every past quarter from day 45 (the first snapshot,
    // 2024-11-04, is day 35 of 2024-Q4)
    for (const row of backtest.filter((entry) => entry.method === 'weighted' && entry.day >= 45)) {
      expect(row.quarters).toBe(3);
      expect(row.wape).toBeTypeOf('number');
    }
    // 2025-Q2 is forecast by history (2024-Q4 and 2025-Q1 known) from its day 45 (05-15, snapshot
    // 05-12); before, its latest snapshot (03-10) knew only 2024-Q4
    expect(backtest.find((row) => row.method === 'historical' && row.day === 30)?.quarters).toBe(0);
    expect(backtest.find((row) => row.method === 'historical' && row.day === 45)?.quarters).toBe(1);
    const band = backtest.find((row) => row.method === 'monte_carlo' && row.day === 45);
    expect(band?.band_share).toBeTypeOf('number');
  });
});
