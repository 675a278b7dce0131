/**
 * npm run bench -- --scale N [--snapshots K] [--runs R]
 *
 * Generates a company N times the demo's size with the demo generator, then measures against the
 * limit, DuckDB itself: ingest time vs DuckDB's own read_csv of the same files into a table, and
 * each dashboard procedure through tRPC over HTTP vs the same SQL run directly on DuckDB.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { createTRPCClient, httpLink } from '@trpc/client';
import { buildModels } from '../../pipelines/build-models.ts';
import { generateDemoCompany } from '../../pipelines/demo/generate.ts';
import { loadSnapshot } from '../../pipelines/load/load-snapshot.ts';
import { migrate } from '../../pipelines/migrations/migrate.ts';
import { Warehouse, type SqlParams } from '../../server/db/warehouse.ts';
import { createDashboardServer, listen } from '../../server/http-server.ts';
import type { AppRouter } from '../../server/routers/app.ts';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' }, snapshots: { type: 'string', default: '13' }, runs: { type: 'string', default: '7' }, keep: { type: 'boolean' } } });
const scale = Number(values.scale);
const runs = Number(values.runs);
const work = mkdtempSync(join(tmpdir(), 'leadlens-bench-'));

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const millis = (ms: number) => `${ms.toFixed(1)} ms`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

async function generate(): Promise<string[]> {
  const outDir = join(work, 'snapshots');
  const [manifest, ms] = await timed(() => generateDemoCompany({ outDir, scale, snapshots: Number(values.snapshots) }));
  const bytes = readdirSync(outDir).filter((name) => /^\d{4}-/.test(name))
    .flatMap((date) => readdirSync(join(outDir, date)).map((file) => statSync(join(outDir, date, file)).size)).reduce((a, b) => a + b, 0);
  console.log(`generated scale ${scale}: ${manifest.counts.leads.toLocaleString('en-US')} leads, ${manifest.counts.opportunities.toLocaleString('en-US')} opportunities, ${manifest.snapshots.length} weekly snapshots, ${(bytes / 2 ** 20).toFixed(0)} MiB of CSV in ${seconds(ms)}`);
  return manifest.snapshots.map((date: string) => join(outDir, date));
}

/** Our load of every snapshot vs DuckDB reading the same files into plain tables. */
async function benchIngest(folders: string[]): Promise<Warehouse> {
  const warehouse = await Warehouse.open(join(work, 'leadlens.duckdb'));
  await migrate(warehouse);
  await warehouse.transaction((tx) => buildModels(tx));
  const ours: number[] = [];
  let rows = 0;
  for (const folder of folders) {
    const [report, ms] = await timed(() => loadSnapshot(warehouse, { folder, asOf: folder.slice(-10), system: 'bench' }));
    ours.push(ms);
    rows += report.files.reduce((sum, file) => sum + file.rows_loaded, 0);
  }
  const raw = await DuckDBInstance.create(join(work, 'raw.duckdb'));
  const connection = await raw.connect();
  const direct: number[] = [];
  for (const [index, folder] of folders.entries()) {
    const [, ms] = await timed(async () => {
      for (const file of readdirSync(folder)) {
        await connection.run(`create table "${file.replace('.csv', '')}_${index}" as select * from read_csv('${join(folder, file)}', header = true)`);
      }
      await connection.run('checkpoint');
    });
    direct.push(ms);
  }
  connection.closeSync();
  const oursTotal = ours.reduce((a, b) => a + b, 0);
  const directTotal = direct.reduce((a, b) => a + b, 0);
  console.log(`\ningest of ${folders.length} snapshots, ${rows.toLocaleString('en-US')} rows (validate, history, batch record, model rebuild, one transaction each)`);
  console.log(`  leadlens            ${seconds(oursTotal)}  (${Math.round(rows / (oursTotal / 1000)).toLocaleString('en-US')} rows/s; median snapshot ${seconds(median(ours))})`);
  console.log(`  DuckDB read_csv     ${seconds(directTotal)}  (into plain tables, with checkpoint)`);
  console.log(`  ratio               ${(oursTotal / directTotal).toFixed(2)}x`);
  return warehouse;
}

interface Endpoint { name: string; call: (client: ReturnType<typeof createTRPCClient<AppRouter>>) => Promise<unknown> }

const ENDPOINTS: Endpoint[] = [
  { name: 'funnel.view (default period)', call: (client) => client.funnel.view.query({}) },
  { name: 'funnel.view (period all, one source)', call: (client) => client.funnel.view.query({ period: 'all', source: 'web' }) },
  { name: 'sources.view', call: (client) => client.sources.view.query({}) },
  { name: 'cycleTimes.view', call: (client) => client.cycleTimes.view.query({}) },
  { name: 'forecast.view', call: (client) => client.forecast.view.query({}) },
  { name: 'pipeline.movement (no deal list)', call: (client) => client.pipeline.movement.query({ deals: false }) },
  { name: 'records.list (a page of opportunities)', call: (client) => client.records.list.query({ kind: 'opportunity', period: 'all', sort: 'amount' }) },
  { name: 'data.view', call: (client) => client.data.view.query({}) },
  { name: 'options.filters', call: (client) => client.options.filters.query() },
];

/** Each procedure over HTTP vs the SQL it ran, run directly on a DuckDB connection. */
async function benchEndpoints(warehouse: Warehouse): Promise<void> {
  const server = createDashboardServer(warehouse);
  const url = await listen(server, 0, '127.0.0.1');
  const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/api` })] });
  const raw = await (await DuckDBInstance.fromCache(warehouse.path)).connect();
  console.log(`\nendpoints: median of ${runs} runs after one warm-up`);
  console.log(`  ${'procedure'.padEnd(40)} ${'tRPC/HTTP'.padStart(10)} ${'DuckDB'.padStart(10)} ${'ratio'.padStart(7)} ${'added'.padStart(9)}`);
  for (const endpoint of ENDPOINTS) {
    const statements: Array<[string, SqlParams]> = [];
    warehouse.onRead = (sql, params) => statements.push([sql, params]);
    await endpoint.call(client);
    warehouse.onRead = undefined;
    const viaHttp: number[] = [];
    const direct: number[] = [];
    for (let run = 0; run < runs; run++) {
      viaHttp.push((await timed(() => endpoint.call(client)))[1]);
      direct.push((await timed(async () => { for (const [sql, params] of statements) await raw.runAndReadAll(sql, params); }))[1]);
    }
    const [http, duck] = [median(viaHttp), median(direct)];
    console.log(`  ${endpoint.name.padEnd(40)} ${millis(http).padStart(10)} ${millis(duck).padStart(10)} ${`${(http / duck).toFixed(2)}x`.padStart(7)} ${millis(http - duck).padStart(9)}`);
  }
  raw.closeSync();
  await new Promise((done) => server.close(done));
}

try {
  const folders = await generate();
  const warehouse = await benchIngest(folders);
  await benchEndpoints(warehouse);
  console.log(`\nmachine: ${(await import('node:os')).cpus().length} cores; DuckDB file ${(statSync(warehouse.path).size / 2 ** 20).toFixed(0)} MiB`);
  warehouse.close();
} finally {
  if (!values.keep) rmSync(work, { recursive: true, force: true });
}
