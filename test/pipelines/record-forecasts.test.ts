import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels } from '../../pipelines/build-models.ts';
import { ingestPath } from '../../pipelines/load/ingest-path.ts';
import { loadSnapshot } from '../../pipelines/load/load-snapshot.ts';
import { recordForecasts } from '../../pipelines/load/record-forecasts.ts';
import { FIXTURES, fixtureWarehouse } from '../support/fixture-warehouse.ts';

// test/fixtures/canonical/forecast_history, loaded without its 2025-08-15 snapshot, which is then
// backfilled (so the models are rebuilt inside a load that adds a date in the middle of history). Forecasts of 2026-Q1 as of 2026-01-05 (worked in forecast-historical.test.ts):
// weighted 28,550, commit 36,000, best case 36,000, historical 24,636.36, Monte Carlo P10 11,000.
const SERIES = join(FIXTURES, 'canonical/forecast_history');
let fixture: Awaited<ReturnType<typeof fixtureWarehouse>>;
let series: string;
beforeAll(async () => {
  fixture = await fixtureWarehouse();
  series = mkdtempSync(join(tmpdir(), 'leadlens-forecast-log-'));
  for (const date of readdirSync(SERIES).filter((name) => name !== '2025-08-15')) cpSync(join(SERIES, date), join(series, date), { recursive: true });
  await ingestPath(fixture.warehouse, { path: series });
  await loadSnapshot(fixture.warehouse, { folder: join(SERIES, '2025-08-15'), asOf: '2025-08-15', backfill: true });
});
afterAll(() => {
  fixture.cleanup();
  rmSync(series, { recursive: true, force: true });
});

// the rows of one snapshot date (a loader that records every load adds rows for the other dates)
const log = (asOf: string) => fixture.warehouse.query(`select strftime(as_of, '%Y-%m-%d') as as_of, strftime(period_start, '%Y-%m-%d') as period_start,
  strftime(period_end, '%Y-%m-%d') as period_end, method, figure, p10, p50, p90 from forecast_log where as_of = $1::date order by method`, [asOf]);
const q3Observations = async () => (await fixture.warehouse.query(`select count(*) as rows from int_win_rate_observations where quarter_start = '2025-07-01'`))[0].rows;

describe('recordForecasts', () => {
  it('keeps the current quarter\'s forecast by every method as of the snapshot', async () => {
    // the backfill rebuilt the models before recording its batch: the table of observations took
    // the date from the versions it had just written, so Q3 holds 07-01's A, B, C and 08-15's B, C, D
    expect(await q3Observations()).toBe(6);
    const recorded = await fixture.warehouse.transaction((tx) => recordForecasts(tx, '2026-01-05'));
    expect(recorded.map((row) => row.method)).toEqual(['weighted', 'commit', 'best_case', 'historical', 'monte_carlo']);
    const rows = await log('2026-01-05');
    expect(rows).toHaveLength(5);
    const byMethod = Object.fromEntries(rows.map((row) => [row.method, row]));
    expect(byMethod.weighted).toEqual({ as_of: '2026-01-05', period_start: '2026-01-01', period_end: '2026-03-31', method: 'weighted', figure: 28550, p10: null, p50: null, p90: null });
    expect(byMethod.commit.figure).toBe(36000);
    expect(byMethod.best_case.figure).toBe(36000);
    expect(byMethod.historical.figure).toBeCloseTo(24636.3636, 3);
    expect(byMethod.monte_carlo).toMatchObject({ p10: 11000 });
    expect(byMethod.monte_carlo.figure).toBe(byMethod.monte_carlo.p50);
  });

  it('replaces the rows of the same date and quarter instead of adding them again', async () => {
    const before = await log('2026-01-05');
    await fixture.warehouse.transaction((tx) => recordForecasts(tx, '2026-01-05'));
    expect(await log('2026-01-05')).toEqual(before);
  });

  it('keeps what it recorded across model rebuilds and later loads', async () => {
    const before = await log('2026-01-05');
    await fixture.warehouse.transaction((tx) => buildModels(tx));
    // a week later, the same deals
    await loadSnapshot(fixture.warehouse, { folder: join(SERIES, '2026-01-05'), asOf: '2026-01-12' });
    expect(await log('2026-01-05')).toEqual(before);
    await fixture.warehouse.transaction((tx) => recordForecasts(tx, '2026-01-12'));
    expect(await log('2026-01-12')).toHaveLength(5);
    expect(await log('2026-01-05')).toEqual(before);
  });

  it('refuses a date whose batch is not recorded yet, writing nothing', async () => {
    const [before] = await fixture.warehouse.query('select count(*) as rows from forecast_log');
    await expect(fixture.warehouse.transaction((tx) => recordForecasts(tx, '2026-02-01'))).rejects.toThrow(/no loaded batch for 2026-02-01/);
    expect(await fixture.warehouse.query('select count(*) as rows from forecast_log')).toEqual([before]);
  });
});
