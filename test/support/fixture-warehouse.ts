import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createKysely } from '../../server/db/dialect.ts';
import type { Marts } from '../../server/db/marts.ts';
import { Warehouse } from '../../server/db/warehouse.ts';
import { buildModels } from '../../pipelines/build-models.ts';
import { ingestPath } from '../../pipelines/load/ingest-path.ts';
import { migrate } from '../../pipelines/migrations/migrate.ts';

export const FIXTURES = resolve(import.meta.dirname, '../fixtures');
export const TWO_SNAPSHOTS = join(FIXTURES, 'canonical/two_snapshots');

/** A fresh warehouse file in a temp folder, migrated and with models built; optionally loaded. */
export async function fixtureWarehouse(loadFrom?: string): Promise<{ warehouse: Warehouse; dir: string; dbPath: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'leadlens-test-'));
  const dbPath = join(dir, 'warehouse.duckdb');
  const warehouse = await Warehouse.open(dbPath);
  await migrate(warehouse);
  await warehouse.transaction((tx) => buildModels(tx));
  if (loadFrom) await ingestPath(warehouse, { path: loadFrom });
  return { warehouse, dir, dbPath, cleanup: () => { warehouse.close(); rmSync(dir, { recursive: true, force: true }); } };
}

export function martsOf(warehouse: Warehouse) {
  return createKysely<Marts>(warehouse);
}
