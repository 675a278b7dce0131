import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Warehouse } from '../../server/db/warehouse.ts';
import { count, mebibytes, type Results } from './bench-format.ts';
import { ONE_SNAPSHOT_DB } from './bench-ingest.ts';

/**
 * Storage grows with change, not with snapshots: the warehouse after every snapshot against one
 * holding only the last snapshot, and the version rows history keeps against the last snapshot's rows.
 */
export async function benchStorage(warehouse: Warehouse, dir: string): Promise<{ lines: string[]; results: Results }> {
  await warehouse.query('checkpoint');
  const all = statSync(warehouse.path).size;
  const one = statSync(join(dir, ONE_SNAPSHOT_DB)).size;
  const tables = await warehouse.query(`select table_name, estimated_size as rows from duckdb_tables() where table_name in ('leads', 'opportunities', 'accounts', 'contacts') order by table_name`);
  const current = await warehouse.query(`select 'leads' as table_name, count(*) as rows from leads where valid_to is null
    union all select 'opportunities', count(*) from opportunities where valid_to is null
    union all select 'accounts', count(*) from accounts where valid_to is null
    union all select 'contacts', count(*) from contacts where valid_to is null`);
  const snapshots = await warehouse.query('select count(*) as snapshots from snapshots');
  const versions = Object.fromEntries(tables.map((row) => [row.table_name, Number(row.rows)]));
  const live = Object.fromEntries(current.map((row) => [row.table_name, Number(row.rows)]));
  const lines = [
    `storage after ${count(Number(snapshots[0].snapshots))} snapshots (DuckDB file, after a checkpoint)`,
    `  warehouse            ${mebibytes(all)}`,
    `  one snapshot alone   ${mebibytes(one)}  (the last snapshot loaded into an empty warehouse)`,
    `  ratio                ${(all / one).toFixed(2)}x  (target: about 3.5x or less)`,
    ...Object.keys(live).map((table) => `  ${table.padEnd(14)} ${count(versions[table] ?? 0)} version rows for ${count(live[table])} current records (${((versions[table] ?? 0) / Math.max(live[table], 1)).toFixed(2)} per record)`),
  ];
  return { lines, results: { storage: { warehouseBytes: all, oneSnapshotBytes: one, ratio: all / one, versions, live } } };
}
