/**
 * npm run bench -- --scale small|medium|large|N [--snapshots K] [--runs R] [--dir DIR] [--fresh] [--only SECTION,...]
 *
 * Builds a company with the demo generator (presets: pipelines/demo/presets.ts; a number is a
 * multiple of the demo's size), one snapshot at a time, and measures leadlens against the limit,
 * DuckDB itself: ingest against read_csv of the same files, storage against one snapshot, the
 * incremental model build against a full one, every dashboard procedure through tRPC over HTTP
 * against the same SQL run directly, the Monte Carlo against the same draws in DuckDB, the
 * backtest and the full audit, each view's first render in Chromium, the web bundle and the
 * server's peak RSS. The warehouse stays in DIR (default data/bench/<scale>): run the command
 * again to resume a run that was stopped, or with --fresh to start over. Figures go to
 * DIR/results.json as well. --only runs the named sections against the warehouse already built
 * (loading whatever snapshots are missing first) and updates their figures in results.json.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { buildModels } from '../../pipelines/build-models.ts';
import type { DemoOptions } from '../../pipelines/demo/generate.ts';
import { SCALE_PRESETS, type ScalePresetName } from '../../pipelines/demo/presets.ts';
import { migrate } from '../../pipelines/migrations/migrate.ts';
import { Warehouse } from '../../server/db/warehouse.ts';
import { benchAnalytics } from './bench-analytics.ts';
import { benchBuilds } from './bench-builds.ts';
import { benchEndpoints, serveDashboard } from './bench-endpoints.ts';
import type { Results } from './bench-format.ts';
import { benchIngest } from './bench-ingest.ts';
import { benchStorage } from './bench-storage.ts';
import { benchCrashes } from './crash-bench.ts';
import { benchLoad } from './load-bench.ts';
import { benchMonteCarlo } from './monte-carlo-bench.ts';
import { benchViews } from './views-bench.ts';
import { startLeadlensServer } from '../support/leadlens-process.ts';

const { values } = parseArgs({ options: {
  scale: { type: 'string', default: 'small' }, snapshots: { type: 'string' }, runs: { type: 'string', default: '5' },
  dir: { type: 'string' }, fresh: { type: 'boolean' }, 'memory-limit': { type: 'string', default: '8GB' }, only: { type: 'string' },
} });

/** The sections in the order they run; the ingest always runs first, as the others need the whole series loaded. */
const SECTIONS = ['storage', 'builds', 'analytics', 'endpoints', 'monte-carlo', 'views', 'load', 'crashes'] as const;
type Section = typeof SECTIONS[number];

function chosenSections(only: string | undefined): Set<Section> {
  if (only === undefined) return new Set(SECTIONS);
  const names = only.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(SECTIONS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`--only ${unknown.join(', ')}: the sections are ${SECTIONS.join(', ')}`);
  return new Set(names as Section[]);
}

function generatorOptions(scale: string): Omit<DemoOptions, 'outDir'> {
  const preset = SCALE_PRESETS[scale as ScalePresetName];
  const chosen = preset ? { ...preset } : { scale: Number(scale), snapshots: 13 };
  if (!(chosen.scale > 0)) throw new Error(`--scale ${scale}: use small, medium, large or a positive number`);
  return values.snapshots ? { ...chosen, snapshots: Number(values.snapshots) } : chosen;
}

async function openBenchWarehouse(path: string): Promise<Warehouse> {
  const warehouse = await Warehouse.open(path);
  // the generator shares the machine: DuckDB may not take the default 80% of memory
  const instance = await DuckDBInstance.fromCache(path);
  const connection = await instance.connect();
  await connection.run(`set memory_limit = '${values['memory-limit']}'`);
  connection.closeSync();
  instance.closeSync();
  const newlyMigrated = await migrate(warehouse);
  if (newlyMigrated.includes(1)) await warehouse.transaction((tx) => buildModels(tx));
  return warehouse;
}

/** The dashboard in a process of its own, so its peak RSS is the server's alone. */
async function startServerProcess(dbPath: string): Promise<{ url: string; pid: number; stop: () => void }> {
  const { server, url } = await startLeadlensServer(dbPath);
  return { url, pid: server.pid as number, stop: () => server.kill('SIGTERM') };
}

const scaleName = values.scale as string;
const dir = resolve(values.dir ?? join('data', 'bench', scaleName));
const sections = chosenSections(values.only);
if (values.fresh) rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const runs = Number(values.runs);
const resultsFile = join(dir, 'results.json');
// a partial run keeps the other sections' figures of the last whole run
const earlier: Results = values.only !== undefined && existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) as Results : {};
const results: Results = { ...earlier, scale: scaleName, machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) }, startedAt: new Date().toISOString() };
const print = (section: { lines: string[]; results: Results }) => { console.log(`\n${section.lines.join('\n')}`); Object.assign(results, section.results); };

const generator = generatorOptions(scaleName);
console.log(`bench at scale ${scaleName} (${JSON.stringify(generator)}) in ${dir}; ${cpus().length} cores; sections: ${[...sections].join(', ')}`);
const dbPath = join(dir, 'bench.duckdb');
const warehouse = await openBenchWarehouse(dbPath);
print(await benchIngest(warehouse, dir, generator));
if (sections.has('storage')) print(await benchStorage(warehouse, dir));
if (sections.has('builds')) print(await benchBuilds(warehouse, Math.min(runs, 3)));
if (sections.has('analytics')) print(await benchAnalytics(warehouse));
if (sections.has('endpoints')) {
  const dashboard = await serveDashboard(warehouse);
  print(await benchEndpoints(warehouse, dashboard.client, runs));
  await new Promise((done) => dashboard.server.close(done));
}
warehouse.close();
if (sections.has('monte-carlo')) print({ lines: await benchMonteCarlo(), results: {} });
if (sections.has('views') || sections.has('load')) {
  const server = await startServerProcess(dbPath);
  try {
    if (sections.has('views')) print({ lines: await benchViews({ url: server.url, serverPid: server.pid, runs: 3 }), results: {} });
    if (sections.has('load')) print({ lines: await benchLoad({ url: server.url }), results: {} });
  } finally {
    server.stop();
  }
}
results.finishedAt = new Date().toISOString();
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nfigures written to ${resultsFile}`);
if (sections.has('crashes')) print({ lines: await benchCrashes({ dir: join(dir, 'crashes'), kills: 30 }), results: {} });
