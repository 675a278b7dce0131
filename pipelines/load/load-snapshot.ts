import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Warehouse, WriteTransaction } from '../../server/db/warehouse.ts';
import { adapterContext, detectMapping, findEntityFile, mappingByName, readMappingFile } from '../adapters/registry.ts';
import type { Mapping } from '../adapters/mapping-spec.ts';
import { dropAuditFindings } from '../audit-findings-cache.ts';
import { rebuildModels } from '../build-models.ts';
import { configPathFor, loadSettings, writeSettingsTables, type Settings } from '../config/settings.ts';
import { ENTITIES, type EntitySpec } from './canonical-contract.ts';
import { findLoadedBatch, latestSnapshotDate, nextSnapshotDate, recordBatch, reserveBatchId, type LoadedFile } from './batches.ts';
import { sha256OfFile, sha256OfText } from './file-hash.ts';
import { applySnapshotToHistory, type HistoryChange } from './history.ts';
import { describeProblem, LoadError, type InputProblem } from './load-error.ts';
import { stageEntity } from './stage-entity.ts';
import { recordForecasts } from './record-forecasts.ts';
import { pauseForCrashTest } from './test-pause.ts';

export interface SnapshotOptions {
  folder: string;
  asOf: string;
  /** canonical, salesforce, hubspot, sugarcrm or mapped (with mappingFile); detected when absent. */
  crm?: string;
  mappingFile?: string;
  system?: string;
  replace?: boolean;
  backfill?: boolean;
  allowShrink?: boolean;
  allowRejects?: boolean;
  settings?: Settings;
  /** Progress of a long load: each file read, history written, models rebuilt. */
  onProgress?: (message: string) => void;
}

export interface LoadReport {
  status: 'loaded' | 'unchanged';
  crm: string;
  detected: boolean;
  system: string;
  asOf: string;
  batchId: number | null;
  files: LoadedFile[];
  changes: Record<string, HistoryChange>;
  rejected: InputProblem[];
  /** What loaded but a reader should know (unresolved references, missing dates): sql/marts/data_checks.sql. */
  checks: Array<{ check_name: string; description: string; records: number }>;
  replaced: boolean;
  seconds: number;
}

interface SourceFile { entity: EntitySpec; path: string; loaded: LoadedFile }

/**
 * Loads one snapshot folder as one transaction: read each export file through its adapter,
 * validate, write the history, record the batch, rebuild the models. Refused, it leaves the
 * warehouse untouched and writes its error report beside the warehouse file.
 */
export async function loadSnapshot(warehouse: Warehouse, options: SnapshotOptions): Promise<LoadReport> {
  const asOf = checkedDate(options.asOf);
  const startedAt = new Date();
  let system = options.system ?? options.crm ?? 'unknown';
  try {
    if (!existsSync(options.folder)) throw new LoadError('read', [{ file: options.folder, problem: 'snapshot folder does not exist' }]);
    const mapping = chooseMapping(options);
    system = options.system ?? mapping.system ?? mapping.crm;
    const settings = options.settings ?? loadSettings(configPathFor(warehouse.path));
    const sources = await findSourceFiles(options.folder, mapping);
    const contentSha256 = sha256OfText([JSON.stringify(mapping), JSON.stringify(adapterContext(mapping, settings)), ...sources.map((source) => `${source.loaded.file}:${source.loaded.sha256}`)].join('\n'));
    const base = { crm: mapping.crm, detected: !options.crm && !options.mappingFile, system, asOf, files: sources.map((source) => source.loaded) };
    const previous = await findLoadedBatch(warehouse, system, asOf);
    if (previous?.content_sha256 === contentSha256) {
      return { ...base, status: 'unchanged', batchId: previous.batch_id, changes: {}, rejected: [], checks: [], replaced: false, seconds: 0 };
    }
    await refuseOutOfOrder(warehouse, system, asOf, previous !== null, options);
    const result = await warehouse.transaction(async (tx) => {
      await writeSettingsTables(tx, settings);
      const rejected: InputProblem[] = [];
      for (const [index, source] of sources.entries()) {
        const fileStarted = performance.now();
        const staged = await stageEntity(tx, source.entity, source.path, mapping.entities[source.entity.table], adapterContext(mapping, settings), options.allowRejects ?? false);
        Object.assign(source.loaded, { rows_loaded: staged.rowsLoaded, rows_rejected: staged.rowsRejected });
        rejected.push(...staged.rejected);
        const seconds = (performance.now() - fileStarted) / 1000;
        options.onProgress?.(`read ${source.loaded.file} (${index + 1} of ${sources.length} files): ${staged.rowsLoaded.toLocaleString('en-US')} rows in ${seconds.toFixed(2)} s, ${Math.round(staged.rowsLoaded / Math.max(seconds, 0.001)).toLocaleString('en-US')} rows/s`);
      }
      await pauseForCrashTest('staged');
      const batchId = await reserveBatchId(tx);
      const next = await nextSnapshotDate(tx, system, asOf);
      const changes: Record<string, HistoryChange> = {};
      for (const source of sources) changes[source.entity.table] = await applySnapshotToHistory(tx, source.entity, system, asOf, next, batchId);
      options.onProgress?.('history written');
      await pauseForCrashTest('history');
      refuseLargeShrink(changes, options, settings, sources);
      await rebuildModels(tx, settings, { system, fromDate: asOf });
      // the audit's kept findings of this date and later ones may differ now
      await dropAuditFindings(tx, asOf);
      options.onProgress?.('models rebuilt; committing');
      const total = (key: keyof HistoryChange) => Object.values(changes).reduce((sum, change) => sum + change[key], 0);
      await recordBatch(tx, { batchId, system, crm: mapping.crm, asOf, contentSha256, files: sources.map((source) => source.loaded), created: total('created'), changed: total('changed'), deleted: total('deleted'), startedAt });
      await recordRejectedRows(tx, batchId, system, asOf, rejected);
      // every forecast the product makes is kept, so it can be scored when its period closes
      await recordForecasts(tx, asOf);
      await pauseForCrashTest('batch-recorded');
      await pauseForCrashTest('models-built');
      return { batchId, changes, rejected };
    });
    if (result.rejected.length > 0) writeLoadErrors(warehouse.path, { system, asOf, folder: options.folder, startedAt, problems: result.rejected, suffix: 'rejected' });
    const checks = await warehouse.query(`select check_name, description, records from data_checks($1::date) where system = $2 and records > 0`, [asOf, system]);
    return { ...base, status: 'loaded', ...result, checks: checks as LoadReport['checks'], replaced: previous !== null, seconds: (Date.now() - startedAt.getTime()) / 1000 };
  } catch (error) {
    writeLoadErrors(warehouse.path, { system, asOf, folder: options.folder, startedAt, error, problems: error instanceof LoadError ? error.problems : [], suffix: 'refused' });
    throw error;
  }
}

function chooseMapping(options: SnapshotOptions): Mapping {
  if (options.mappingFile) return readMappingFile(options.mappingFile);
  if (options.crm === 'mapped') throw new LoadError('options', [{ file: '(command line)', column: '--mapping', problem: '--crm mapped needs --mapping FILE' }]);
  return options.crm ? mappingByName(options.crm) : detectMapping(options.folder);
}

function checkedDate(date: string): string {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
    throw new LoadError('options', [{ file: '(command line)', column: '--as-of', value: date, problem: 'not a date (YYYY-MM-DD)' }]);
  }
  return date;
}

async function findSourceFiles(folder: string, mapping: Mapping): Promise<SourceFile[]> {
  const sources: SourceFile[] = [];
  for (const entity of ENTITIES) {
    const entityMapping = mapping.entities[entity.table];
    if (!entityMapping) continue;
    const path = findEntityFile(folder, entityMapping);
    if (!path) {
      // the canonical format needs both core files; an absent optional file leaves its records as they were
      if (mapping.crm === 'canonical' && entity.requiredFile) throw new LoadError('read', [{ file: join(basename(resolve(folder)), entity.file), problem: 'required file is missing' }]);
      continue;
    }
    sources.push({ entity, path, loaded: { file: path.slice(resolve(folder).length + 1) || path, sha256: await sha256OfFile(path), rows_loaded: 0, rows_rejected: 0 } });
  }
  if (sources.length === 0) throw new LoadError('read', [{ file: folder, problem: `none of the ${mapping.crm} export files is here` }]);
  return sources;
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

function refuseLargeShrink(changes: Record<string, HistoryChange>, options: SnapshotOptions, settings: Settings, sources: SourceFile[]): void {
  if (options.allowShrink) return;
  for (const source of sources) {
    const change = changes[source.entity.table];
    if (change.unchangedBefore > 0 && change.deleted / change.unchangedBefore > settings.maxShrinkShare) {
      throw new LoadError('validate', [{ file: source.loaded.file, problem: `drops ${change.deleted} of ${change.unchangedBefore} records (over ${Math.round(settings.maxShrinkShare * 100)}%): likely a partial export; pass --allow-shrink if the records really are gone` }]);
    }
  }
}

async function recordRejectedRows(tx: WriteTransaction, batchId: number, system: string, asOf: string, problems: InputProblem[]): Promise<void> {
  for (const problem of problems) {
    await tx.run(`insert into rejected_rows values ($1, $2, $3::date, $4, $5, $6, $7, $8)`, [
      batchId, system, asOf, problem.file, problem.row ?? null, problem.column ?? null, problem.value ?? null, problem.problem,
    ]);
  }
}

/** Refusals and rejected rows are reported in a file beside the warehouse: a refused load writes nothing in it. */
function writeLoadErrors(dbPath: string, attempt: { system: string; asOf: string; folder: string; startedAt: Date; error?: unknown; problems: InputProblem[]; suffix: string }): void {
  if (dbPath === ':memory:') return;
  const dir = `${dbPath}.load-errors`;
  mkdirSync(dir, { recursive: true });
  const report = {
    outcome: attempt.suffix, system: attempt.system, as_of: attempt.asOf, folder: resolve(attempt.folder), started_at: attempt.startedAt.toISOString(),
    written_at: new Date().toISOString(), message: attempt.error === undefined ? `${attempt.problems.length} rows rejected` : attempt.error instanceof Error ? attempt.error.message : String(attempt.error),
    problems: attempt.problems, described: attempt.problems.map(describeProblem),
  };
  const stamp = attempt.startedAt.toISOString().replaceAll(':', '-');
  writeFileSync(join(dir, `${stamp}-${attempt.system}-${attempt.asOf}-${attempt.suffix}.json`), `${JSON.stringify(report, null, 2)}\n`);
}
