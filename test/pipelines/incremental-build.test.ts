/**
 * Incremental builds (pipelines/build-models.ts): after a load, with config and models unchanged,
 * only the incremental tables' rows of the loaded system from the loaded date on are rebuilt.
 * Whatever the order of loads (forward, a backfill, a replacement), the result must equal a full
 * build from scratch. test/fixtures/canonical/forecast_history holds six snapshots of deals
 * moving through stages over three quarters.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildModels, loadModels } from '../../pipelines/build-models.ts';
import { DEFAULT_SETTINGS } from '../../pipelines/config/settings.ts';
import { loadSnapshot } from '../../pipelines/load/load-snapshot.ts';
import type { Warehouse } from '../../server/db/warehouse.ts';
import { FIXTURES, fixtureWarehouse } from '../support/fixture-warehouse.ts';

const HISTORY = join(FIXTURES, 'canonical/forecast_history');
const DATES = ['2025-06-02', '2025-07-01', '2025-08-15', '2025-10-01', '2025-11-15', '2026-01-05'];
let cleanups: Array<() => void> = [];
afterEach(() => { cleanups.forEach((cleanup) => cleanup()); cleanups = []; });

const load = (warehouse: Warehouse, date: string, options: { backfill?: boolean; replace?: boolean; folder?: string } = {}) =>
  loadSnapshot(warehouse, { folder: options.folder ?? join(HISTORY, date), asOf: date, settings: DEFAULT_SETTINGS, ...options });

async function incrementalTables(warehouse: Warehouse): Promise<Record<string, unknown[]>> {
  const tables = loadModels().filter((model) => model.incremental !== null).map((model) => model.name);
  expect(tables).toContain('int_win_rate_observations');
  return Object.fromEntries(await Promise.all(tables.map(async (table) => [table, await warehouse.query(`select * from ${table} order by all`)])));
}

async function rebuiltInFull(warehouse: Warehouse): Promise<Record<string, unknown[]>> {
  await warehouse.transaction((tx) => buildModels(tx));
  return incrementalTables(warehouse);
}

async function freshWarehouse() {
  const fixture = await fixtureWarehouse();
  cleanups.push(fixture.cleanup);
  return fixture.warehouse;
}

describe('incremental builds', () => {
  it('give the same tables as a full build after a series of forward loads', async () => {
    const warehouse = await freshWarehouse();
    for (const date of DATES) await load(warehouse, date);
    const incremental = await incrementalTables(warehouse);
    expect(incremental.int_win_rate_observations.length).toBeGreaterThan(0);
    expect(await rebuiltInFull(warehouse)).toEqual(incremental);
  });

  it('give the same tables as a full build after a backfill and a replacement', async () => {
    const warehouse = await freshWarehouse();
    for (const date of DATES.filter((date) => date !== '2025-08-15')) await load(warehouse, date);
    await load(warehouse, '2025-08-15', { backfill: true });
    // the 2025-10-01 snapshot again, with its first open deal's stage moved on a step
    const changed = mkdtempSync(join(tmpdir(), 'leadlens-replace-'));
    cleanups.push(() => rmSync(changed, { recursive: true, force: true }));
    cpSync(join(HISTORY, '2025-10-01'), changed, { recursive: true });
    const file = join(changed, 'opportunities.csv');
    const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
    const openRow = rows.findIndex((row) => /,(prospecting|qualification|needs_analysis),/.test(row));
    expect(openRow).toBeGreaterThanOrEqual(0);
    rows[openRow] = rows[openRow].replace(/,(prospecting|qualification|needs_analysis),/, ',proposal,');
    writeFileSync(file, `${[header, ...rows].join('\n')}\n`);
    await load(warehouse, '2025-10-01', { replace: true, folder: changed });
    const incremental = await incrementalTables(warehouse);
    expect(await rebuiltInFull(warehouse)).toEqual(incremental);
  });
});
