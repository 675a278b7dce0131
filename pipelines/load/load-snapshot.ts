import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Warehouse } from '../../server/db/warehouse.ts';
import { buildModels } from '../build-models.ts';
import { loadSettings, writeSettingsTables, type Settings } from '../config/settings.ts';
import { ENTITIES } from './canonical-contract.ts';
import { findLoadedBatch, latestSnapshotDate, nextSnapshotDate, recordBatch, reserveBatchId, type LoadedFile } from './batches.ts';
import { sha256OfFile, sha256OfText } from './file-hash.ts';
import { applySnapshotToHistory, type HistoryChange } from './history.ts';
import { LoadError } from './load-error.ts';
import { stageCanonicalFile } from './validate.ts';

export interface SnapshotOptions {
  folder: string;
  asOf: string;
  system?: string;
  replace?: boolean;
  backfill?: boolean;
  allowShrink?: boolean;
  settings?: Settings;
}

export interface LoadReport {
  status: 'loaded' | 'unchanged';
  system: string;
  asOf: string;
  batchId: number | null;
  files: LoadedFile[];
  changes: Record<string, HistoryChange>;
  replaced: boolean;
  seconds: number;
}

/**
 * Loads one canonical snapshot folder as one transaction: validate every file, write the
 * history, record the batch, rebuild the models. Refused, it leaves the warehouse untouched and
 * writes its error report beside the warehouse file.
 */
export async function loadSnapshot(warehouse: Warehouse, options: SnapshotOptions): Promise<LoadReport> {
  const system = options.system ?? 'canonical';
  const asOf = checkedDate(options.asOf);
  const startedAt = new Date();
  try {
    const files = await hashSnapshotFiles(options.folder);
    const contentSha256 = sha256OfText(files.map((file) => `${file.file}:${file.sha256}`).join('\n'));
    const previous = await findLoadedBatch(warehouse, system, asOf);
    if (previous?.content_sha256 === contentSha256) {
      return { status: 'unchanged', system, asOf, batchId: previous.batch_id, files, changes: {}, replaced: false, seconds: 0 };
    }
    await refuseOutOfOrder(warehouse, system, asOf, previous !== null, options);
    const changes = await warehouse.transaction(async (tx) => {
      await writeSettingsTables(tx, options.settings ?? loadSettings());
      for (const file of files) {
        const entity = ENTITIES.find((candidate) => candidate.file === file.file)!;
        file.rows_loaded = await stageCanonicalFile(tx, entity, join(resolve(options.folder), file.file));
      }
      const batchId = await reserveBatchId(tx);
      const next = await nextSnapshotDate(tx, system, asOf);
      const byTable: Record<string, HistoryChange> = {};
      for (const file of files) {
        const entity = ENTITIES.find((candidate) => candidate.file === file.file)!;
        byTable[entity.table] = await applySnapshotToHistory(tx, entity, system, asOf, next, batchId);
      }
      refuseLargeShrink(byTable, options, files);
      const total = (key: keyof HistoryChange) => Object.values(byTable).reduce((sum, change) => sum + change[key], 0);
      await recordBatch(tx, { batchId, system, crm: 'canonical', asOf, contentSha256, files, created: total('created'), changed: total('changed'), deleted: total('deleted'), startedAt });
      await buildModels(tx);
      return { batchId, byTable };
    });
    return { status: 'loaded', system, asOf, batchId: changes.batchId, files, changes: changes.byTable, replaced: previous !== null, seconds: (Date.now() - startedAt.getTime()) / 1000 };
  } catch (error) {
    writeErrorReport(warehouse.path, { system, asOf, folder: options.folder, startedAt, error });
    throw error;
  }
}

function checkedDate(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) {
    throw new LoadError('options', [{ file: '(command line)', column: '--as-of', value: date, problem: 'not a date (YYYY-MM-DD)' }]);
  }
  return date;
}

async function hashSnapshotFiles(folder: string): Promise<LoadedFile[]> {
  if (!existsSync(folder)) throw new LoadError('read', [{ file: folder, problem: 'snapshot folder does not exist' }]);
  const files: LoadedFile[] = [];
  for (const entity of ENTITIES) {
    const path = join(folder, entity.file);
    if (!existsSync(path)) {
      if (entity.requiredFile) throw new LoadError('read', [{ file: join(basename(resolve(folder)), entity.file), problem: 'required file is missing' }]);
      continue; // an absent optional file leaves its records as they were
    }
    files.push({ file: entity.file, sha256: await sha256OfFile(path), rows_loaded: 0, rows_rejected: 0 });
  }
  return files;
}

async function refuseOutOfOrder(warehouse: Warehouse, system: string, asOf: string, sameDateLoaded: boolean, options: SnapshotOptions): Promise<void> {
  if (sameDateLoaded && !options.replace) {
    throw new LoadError('options', [{ file: options.folder, value: asOf, problem: `system "${system}" already has a different snapshot for this date; pass --replace to replace it` }]);
  }
  const latest = await latestSnapshotDate(warehouse, system);
  if (latest !== null && asOf < latest && !sameDateLoaded && !options.backfill) {
    throw new LoadError('options', [{ file: options.folder, value: asOf, problem: `older than system "${system}"'s latest snapshot ${latest}; pass --backfill to load it into history` }]);
  }
}

function refuseLargeShrink(byTable: Record<string, HistoryChange>, options: SnapshotOptions, files: LoadedFile[]): void {
  if (options.allowShrink) return;
  const maxShare = (options.settings ?? loadSettings()).maxShrinkShare;
  for (const [table, change] of Object.entries(byTable)) {
    if (change.unchangedBefore > 0 && change.deleted / change.unchangedBefore > maxShare) {
      const file = files.find((candidate) => candidate.file.startsWith(table))?.file ?? table;
      throw new LoadError('validate', [{ file, problem: `drops ${change.deleted} of ${change.unchangedBefore} records (over ${Math.round(maxShare * 100)}%): likely a partial export; pass --allow-shrink if the records really are gone` }]);
    }
  }
}

/** A refused load changes nothing in the warehouse, so its report goes to a file beside it. */
function writeErrorReport(dbPath: string, attempt: { system: string; asOf: string; folder: string; startedAt: Date; error: unknown }): void {
  if (dbPath === ':memory:') return;
  const dir = `${dbPath}.load-errors`;
  mkdirSync(dir, { recursive: true });
  const error = attempt.error;
  const report = {
    system: attempt.system, as_of: attempt.asOf, folder: resolve(attempt.folder), started_at: attempt.startedAt.toISOString(),
    failed_at: new Date().toISOString(), message: error instanceof Error ? error.message : String(error),
    problems: error instanceof LoadError ? error.problems : [],
  };
  const stamp = attempt.startedAt.toISOString().replaceAll(':', '-');
  writeFileSync(join(dir, `${stamp}-${attempt.system}-${attempt.asOf}.json`), `${JSON.stringify(report, null, 2)}\n`);
}
