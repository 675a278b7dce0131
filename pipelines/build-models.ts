import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import type { WriteTransaction } from '../server/db/warehouse.ts';
import { dropAuditFindings } from './audit-findings-cache.ts';
import { writeSettingsTables, type Settings } from './config/settings.ts';

export const SQL_DIR = resolve(import.meta.dirname, '../sql');

/** A .sql model: a plain select (or, for a function, an expression) and its header. */
export interface Model {
  name: string;
  file: string;
  /** view, table, macro (a table macro taking `params`) or function (a scalar macro). */
  materialized: 'view' | 'table' | 'macro' | 'function';
  params: string[];
  reads: string[];
  /**
   * For a table: the columns naming a system and a snapshot date (`-- incremental: system, snapshot_date`),
   * so a load of one system's snapshot rebuilds only that system's rows from that date on.
   */
  incremental: { systemColumn: string; dateColumn: string } | null;
  body: string;
}

/** What a load changed: one system's history from one snapshot date on. */
export interface ChangedHistory { system: string; fromDate: string }

/** Reads every model under sql/ and orders them so each comes after the models it reads. */
export function loadModels(dir = SQL_DIR): Model[] {
  const models = listSqlFiles(dir).map((file) => parseModel(file, dir));
  return orderByDependencies(models);
}

function listSqlFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listSqlFiles(path);
    return name.endsWith('.sql') ? [path] : [];
  });
}

function parseModel(file: string, dir: string): Model {
  const body = readFileSync(file, 'utf8');
  const header = (key: string) => body.match(new RegExp(`^--\\s*${key}:\\s*(.*)$`, 'm'))?.[1].trim() ?? '';
  const materialized = header('materialized') || 'view';
  const kind = materialized.match(/^(view|table|macro|function)\b/)?.[1];
  if (!kind) throw new Error(`${relative(dir, file)}: unknown materialization "${materialized}"`);
  const params = materialized.match(/\(([^)]*)\)/)?.[1].split(',').map((param) => param.trim()).filter(Boolean) ?? [];
  const reads = header('reads').split(',').map((name) => name.trim()).filter(Boolean);
  const [systemColumn, dateColumn] = header('incremental').split(',').map((name) => name.trim());
  const incremental = systemColumn && dateColumn ? { systemColumn, dateColumn } : null;
  if (incremental && kind !== 'table') throw new Error(`${relative(dir, file)}: only a table can be built incrementally`);
  return { name: basename(file, '.sql'), file: relative(dir, file), materialized: kind as Model['materialized'], params, reads, incremental, body: body.trim().replace(/;\s*$/, '') };
}

function orderByDependencies(models: Model[]): Model[] {
  const byName = new Map(models.map((model) => [model.name, model]));
  const ordered: Model[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (model: Model, path: string[]) => {
    if (state.get(model.name) === 'done') return;
    if (state.get(model.name) === 'visiting') throw new Error(`models read each other in a cycle: ${[...path, model.name].join(' -> ')}`);
    state.set(model.name, 'visiting');
    for (const dependency of model.reads) {
      const upstream = byName.get(dependency);
      if (upstream) visit(upstream, [...path, model.name]);
    }
    state.set(model.name, 'done');
    ordered.push(model);
  };
  for (const model of models) visit(model, []);
  return ordered;
}

/** The statement that (re)creates a model in the warehouse. */
export function createStatement(model: Model): string {
  const params = model.params.join(', ');
  switch (model.materialized) {
    case 'view': return `create or replace view ${model.name} as\n${model.body}`;
    case 'table': return `create or replace table ${model.name} as\n${model.body}`;
    case 'macro': return `create or replace macro ${model.name}(${params}) as table\n${model.body}`;
    case 'function': return `create or replace macro ${model.name}(${params}) as\n${model.body}`;
  }
}

/**
 * Brings the incremental tables up to date after a load changed one system's history from a date
 * on: their rows of that system from that date are deleted and selected again (the filter is
 * pushed into the model's query, so only those snapshots are computed). Every other model reads
 * its inputs when queried, so nothing else needs building while the models are unchanged.
 */
export async function buildIncrementally(tx: WriteTransaction, changed: ChangedHistory, models = loadModels()): Promise<Model[]> {
  const incremental = models.filter((model) => model.incremental !== null);
  for (const model of incremental) {
    const { systemColumn, dateColumn } = model.incremental as NonNullable<Model['incremental']>;
    const changedRows = `${systemColumn} = $1 and ${dateColumn} >= $2::date`;
    try {
      await tx.run(`delete from ${model.name} where ${changedRows}`, [changed.system, changed.fromDate]);
      await tx.run(`insert into ${model.name} by name select * from (\n${model.body}\n) where ${changedRows}`, [changed.system, changed.fromDate]);
    } catch (error) {
      throw new Error(`model sql/${model.file} failed to build incrementally: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return incremental;
}

/** Builds every model in dependency order inside the caller's transaction. */
export async function buildModels(tx: WriteTransaction, models = loadModels()): Promise<Model[]> {
  for (const model of models) {
    try {
      await tx.run(createStatement(model));
    } catch (error) {
      throw new Error(`model sql/${model.file} failed to build: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return models;
}

/** What the models' outputs depend on besides the data: config and every model's text. */
export function modelsFingerprint(settings: Settings, models = loadModels()): string {
  const hash = createHash('sha256').update(JSON.stringify(settings));
  for (const model of models) hash.update(`\0${model.file}\0${model.body}`);
  return hash.digest('hex');
}

/**
 * Writes the settings tables and builds the models, and records what they were built from. With
 * `changedHistory` (a load) and the same config and models as the last build, only the
 * incremental tables are brought up to date; otherwise every model is built in full. Kept derived
 * data (the audit's findings per date) is dropped when config or the models changed. Returns
 * whether they had changed.
 */
export async function rebuildModels(tx: WriteTransaction, settings: Settings, changedHistory?: ChangedHistory): Promise<boolean> {
  const models = loadModels();
  const fingerprint = modelsFingerprint(settings, models);
  const changed = (await builtFingerprint(tx)) !== fingerprint;
  await writeSettingsTables(tx, settings);
  if (changedHistory && !changed) await buildIncrementally(tx, changedHistory, models);
  else await buildModels(tx, models);
  if (changed) {
    await dropAuditFindings(tx, null);
    await tx.run(`insert or replace into model_build_state values ('fingerprint', $1)`, [fingerprint]);
  }
  return changed;
}

/** Rebuilds the models only when config or the models changed since their last build (a start, a report). */
export async function rebuildModelsIfChanged(tx: WriteTransaction, settings: Settings): Promise<boolean> {
  if ((await builtFingerprint(tx)) === modelsFingerprint(settings)) return false;
  return rebuildModels(tx, settings);
}

async function builtFingerprint(tx: WriteTransaction): Promise<string | null> {
  const [row] = await tx.query(`select value from model_build_state where name = 'fingerprint'`);
  return row ? String(row.value) : null;
}
