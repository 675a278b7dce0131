import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { buildModels } from '../../pipelines/build-models.ts';
import { generateDemoCompany, type DemoOptions } from '../../pipelines/demo/generate.ts';
import { loadSnapshot } from '../../pipelines/load/load-snapshot.ts';
import { migrate } from '../../pipelines/migrations/migrate.ts';
import { Warehouse } from '../../server/db/warehouse.ts';
import { count, mebibytes, ratio, seconds, timed, type Results } from './bench-format.ts';

export const BENCH_SYSTEM = 'bench';

/** One snapshot's load, as logged to progress.jsonl so a resumed run keeps the earlier figures. */
interface SnapshotTiming { date: string; rows: number; csvBytes: number; oursMs: number; duckdbMs: number; changed: number; created: number; deleted: number }

/**
 * Generates the company one snapshot at a time (each folder deleted once loaded, so one snapshot
 * is on disk at a time), loads each into the bench warehouse, and reads the same files with
 * DuckDB's read_csv into plain tables as the limit. Resumes after the snapshots already loaded.
 */
export async function benchIngest(warehouse: Warehouse, dir: string, generator: Omit<DemoOptions, 'outDir'>): Promise<{ lines: string[]; results: Results }> {
  const progressFile = join(dir, 'progress.jsonl');
  const loaded = await loadedDates(warehouse);
  const timings: SnapshotTiming[] = existsSync(progressFile)
    ? readFileSync(progressFile, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as SnapshotTiming).filter((timing) => loaded.includes(timing.date))
    : [];
  const raw = await (await DuckDBInstance.create(':memory:', { memory_limit: '4GB' })).connect();
  const total = generator.snapshots ?? 0;
  if (loaded.length >= total) {
    console.log(`all ${total} snapshots are loaded already (latest ${loaded.at(-1)})`);
    return summarise(timings);
  }
  if (loaded.length > 0) console.log(`resuming after ${loaded.length} loaded snapshots (latest ${loaded.at(-1)})`);
  await generateDemoCompany({
    ...generator, outDir: join(dir, 'snapshots'), truth: false, removeAfterSnapshot: true, fromSnapshot: loaded.length,
    onSnapshot: async (date, folder) => {
      const csvBytes = folderBytes(folder);
      const [report, oursMs] = await timed(() => loadSnapshot(warehouse, { folder, asOf: date, system: BENCH_SYSTEM }));
      const [, duckdbMs] = await timed(() => readLikeDuckDb(raw, folder));
      const sum = (key: 'created' | 'changed' | 'deleted') => Object.values(report.changes).reduce((all, change) => all + change[key], 0);
      const timing: SnapshotTiming = {
        date, rows: report.files.reduce((all, file) => all + file.rows_loaded, 0), csvBytes, oursMs, duckdbMs,
        created: sum('created'), changed: sum('changed'), deleted: sum('deleted'),
      };
      timings.push(timing);
      appendFileSync(progressFile, `${JSON.stringify(timing)}\n`);
      if (timings.length === total) await keepOneSnapshotWarehouse(dir, folder, date);
      console.log(`  ${date} (${timings.length} of ${total}): ${count(timing.rows)} rows, ${count(timing.created)} new, ${count(timing.changed)} changed; leadlens ${seconds(oursMs)}, DuckDB read_csv ${seconds(duckdbMs)}`);
    },
  });
  raw.closeSync();
  return summarise(timings);
}

/** The size a warehouse holding only one snapshot takes: the last one, loaded alone (for the storage figure). */
export const ONE_SNAPSHOT_DB = 'one-snapshot.duckdb';

async function keepOneSnapshotWarehouse(dir: string, folder: string, date: string): Promise<void> {
  const path = join(dir, ONE_SNAPSHOT_DB);
  rmSync(path, { force: true });
  const alone = await Warehouse.open(path);
  try {
    await migrate(alone);
    await alone.transaction((tx) => buildModels(tx));
    await loadSnapshot(alone, { folder, asOf: date, system: BENCH_SYSTEM });
    await alone.query('checkpoint');
  } finally {
    alone.close();
  }
}

async function loadedDates(warehouse: Warehouse): Promise<string[]> {
  const rows = await warehouse.query(`select strftime(as_of, '%Y-%m-%d') as as_of from load_batches where system = $1 and status = 'loaded' order by as_of`, [BENCH_SYSTEM]);
  return rows.map((row) => String(row.as_of));
}

/** DuckDB alone: every file of the snapshot read with read_csv into a plain table (then dropped, so memory stays flat). */
async function readLikeDuckDb(raw: DuckDBConnection, folder: string): Promise<void> {
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.csv'))) {
    await raw.run(`create or replace table raw_snapshot as select * from read_csv('${join(folder, file).replaceAll("'", "''")}', header = true)`);
  }
  await raw.run('drop table if exists raw_snapshot');
}

function folderBytes(folder: string): number {
  return readdirSync(folder).reduce((sum, file) => sum + statSync(join(folder, file)).size, 0);
}

function summarise(timings: SnapshotTiming[]): { lines: string[]; results: Results } {
  const ours = timings.reduce((sum, timing) => sum + timing.oursMs, 0);
  const duckdb = timings.reduce((sum, timing) => sum + timing.duckdbMs, 0);
  const rows = timings.reduce((sum, timing) => sum + timing.rows, 0);
  const last = timings.at(-1);
  const later = timings.slice(1);
  const changeShare = later.length === 0 ? 0 : later.reduce((sum, timing) => sum + (timing.changed + timing.created + timing.deleted) / Math.max(timing.rows, 1), 0) / later.length;
  const lines = [
    `ingest of ${timings.length} weekly snapshots, ${count(rows)} rows (validate, history, batch record, incremental model build, one transaction each)`,
    `  leadlens            ${seconds(ours)}  (${count(Math.round(rows / (ours / 1000)))} rows/s; last snapshot ${last ? seconds(last.oursMs) : '-'})`,
    `  DuckDB read_csv     ${seconds(duckdb)}  (the same files into plain tables)`,
    `  ratio               ${ratio(ours, duckdb)}`,
    `  records changed, created or deleted per week: ${(changeShare * 100).toFixed(2)}% of a snapshot's rows on average; last snapshot ${last ? `${count(last.rows)} rows, ${mebibytes(last.csvBytes)} of CSV` : '-'}`,
  ];
  return { lines, results: { ingest: { snapshots: timings.length, rows, oursMs: ours, duckdbMs: duckdb, ratio: ours / duckdb, weeklyChangeShare: changeShare, lastSnapshotRows: last?.rows, lastSnapshotCsvBytes: last?.csvBytes, lastSnapshotMs: last?.oursMs } } };
}
