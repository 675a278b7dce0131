import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { rebuildModelsIfChanged } from '../pipelines/build-models.ts';
import { configPathFor, loadSettings } from '../pipelines/config/settings.ts';
import { generateDemoCompany } from '../pipelines/demo/generate.ts';
import { ingestPath, type IngestOptions } from '../pipelines/load/ingest-path.ts';
import type { LoadReport } from '../pipelines/load/load-snapshot.ts';
import { describeProblem } from '../pipelines/load/load-error.ts';
import { migrate } from '../pipelines/migrations/migrate.ts';
import { createKysely } from './db/dialect.ts';
import type { Marts } from './db/marts.ts';
import { resolveDbPath, Warehouse } from './db/warehouse.ts';
import { accessFromEnv, isAccessControlled, startRefusal } from './access.ts';
import { createDashboardServer, listen, WEB_DIST } from './http-server.ts';
import type { PrintableReport } from './filters.ts';
import { formatReport, type ReportFormat } from './report-format.ts';
import { appRouter } from './routers/app.ts';
import { findRunningServer, removeServerLock, serverClient, writeServerLock } from './writer.ts';

export const DEMO_DIR = resolve(import.meta.dirname, '../data/demo');
export const DEMO_SYSTEM = 'demo';

/** Opens the warehouse for this process, brings its schema up to date and (re)builds the models. */
export async function openWarehouse(dbFlag?: string): Promise<Warehouse> {
  const path = resolveDbPath(dbFlag);
  let warehouse: Warehouse;
  try {
    warehouse = await Warehouse.open(path);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/Could not set lock/i.test(message)) throw new Error(`${path} is in use by another leadlens process; wait for it to finish (${message.split('\n')[0]})`);
    throw error;
  }
  await migrate(warehouse);
  // config or the models may have changed since the last build: then they are rebuilt
  await warehouse.transaction((tx) => rebuildModelsIfChanged(tx, loadSettings(configPathFor(warehouse.path))));
  return warehouse;
}

function describeLoad(report: LoadReport, index: number, total: number): string {
  const prefix = total > 1 ? `[${index + 1}/${total}] ` : '';
  const what = `${report.asOf} ${report.system}${report.detected ? ` (detected ${report.crm} export)` : ''}`;
  if (report.status === 'unchanged') return `${prefix}${what}: already loaded with these files, nothing changed`;
  const rows = report.files.map((file) => `${file.file} ${file.rows_loaded.toLocaleString('en-US')} rows${file.rows_rejected ? ` (${file.rows_rejected} rejected)` : ''}`).join(', ');
  const sum = (key: 'created' | 'changed' | 'deleted') => Object.values(report.changes).reduce((all, change) => all + change[key], 0);
  const rejected = report.rejected.length > 0 ? `\n  rejected rows (kept in the warehouse and in ${'<db>'}.load-errors/):\n    ${report.rejected.slice(0, 10).map(describeProblem).join('\n    ')}` : '';
  const checks = report.checks.length > 0 ? `\n  noted (loaded as they are; see the Data view): ${report.checks.map((check) => `${check.records} ${check.description}`).join('; ')}` : '';
  return `${prefix}${what}${report.replaced ? ' (replaced)' : ''}: ${rows}; records ${sum('created')} new, ${sum('changed')} changed, ${sum('deleted')} deleted; ${report.seconds.toFixed(2)} s${rejected}${checks}`;
}

export async function runIngest(options: IngestOptions & { db?: string }): Promise<void> {
  const dbPath = resolveDbPath(options.db);
  const server = findRunningServer(dbPath);
  const { db: _db, ...rest } = options;
  const request = { ...rest, path: resolve(options.path), mappingFile: options.mappingFile ? resolve(options.mappingFile) : undefined };
  if (server) {
    console.log(`handing the load to the server that owns ${dbPath} (${server.url})`);
    const reports = await serverClient(server).admin.ingest.mutate(request);
    reports.forEach((report, index) => console.log(describeLoad(report, index, reports.length)));
    return;
  }
  const warehouse = await openWarehouse(options.db);
  const started = performance.now();
  try {
    const progress = (message: string) => { if (process.stdout.isTTY || process.env.LEADLENS_PROGRESS) console.log(`  ${message}`); };
    const reports = await ingestPath(warehouse, { ...request, onProgress: progress }, (report, index, total) => console.log(describeLoad(report, index, total)));
    if (reports.length > 1) console.log(summariseLoads(reports, (performance.now() - started) / 1000));
  } finally {
    warehouse.close();
  }
}

function summariseLoads(reports: LoadReport[], seconds: number): string {
  const loaded = reports.filter((report) => report.status === 'loaded');
  const rows = loaded.reduce((sum, report) => sum + report.files.reduce((all, file) => all + file.rows_loaded, 0), 0);
  const rejected = loaded.reduce((sum, report) => sum + report.rejected.length, 0);
  return `loaded ${loaded.length} of ${reports.length} snapshots (${reports.length - loaded.length} already loaded): ${rows.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s, ${Math.round(rows / Math.max(seconds, 0.001)).toLocaleString('en-US')} rows/s${rejected ? `, ${rejected} rows rejected` : ''}`;
}

type ViewInput = {
  asOf?: string; period?: string; source?: string; groupBy?: string; from?: string; to?: string;
  kind?: string; where?: Record<string, string | boolean>; periodOn?: string; sort?: string; direction?: string; page?: number;
  quarter?: string; rule?: string; status?: string; owner?: string; severity?: string;
};
type AnyViewReport = PrintableReport;
type ViewCaller = (view: string, input: ViewInput) => Promise<AnyViewReport>;
type Api = ReturnType<typeof appRouter.createCaller>;

export const REPORT_VIEWS = ['funnel', 'sources', 'cycle-times', 'forecast', 'pipeline-movement', 'audit', 'data', 'records'] as const;

function checkedView(view: string): (typeof REPORT_VIEWS)[number] {
  const known = REPORT_VIEWS.find((name) => name === view);
  if (!known) throw new Error(`unknown view "${view}": views are ${REPORT_VIEWS.join(', ')}`);
  return known;
}

/**
 * A view's procedure called with the CLI's filters, through a local caller or the server's client
 * (`call` adapts the one to the other, so both take the same path).
 */
async function callView(view: string, input: ViewInput, call: <T>(procedure: (api: Api) => Promise<T>) => Promise<T>): Promise<AnyViewReport> {
  const filters = { asOf: input.asOf, period: input.period };
  switch (checkedView(view)) {
    case 'funnel': return call((api) => api.funnel.view({ ...filters, source: input.source, groupBy: input.groupBy as never }));
    case 'sources': return call((api) => api.sources.view(filters));
    case 'cycle-times': return call((api) => api.cycleTimes.view({ ...filters, source: input.source, groupBy: input.groupBy as never }));
    case 'forecast': return call((api) => api.forecast.view(filters));
    case 'pipeline-movement': return call((api) => api.pipeline.movement({ from: input.from, to: input.to ?? input.asOf, period: input.period }));
    case 'audit': return auditReport(input, call);
    case 'data': return call((api) => api.data.view({ asOf: input.asOf }));
    case 'records': {
      const list = await call((api) => api.records.list({
        kind: (input.kind ?? 'opportunity') as never, ...filters, where: input.where as never, periodOn: input.periodOn as never,
        sort: input.sort as never, direction: input.direction as never, page: input.page, pageSize: 200,
      }));
      return {
        view: 'records', as_of: list.as_of, as_of_requested: input.asOf ?? null, period: list.period,
        filters: { source: null, ...{ kind: list.kind, where: input.where ?? {}, total: list.total, page: list.page } } as never,
        tables: { records: list.rows as unknown as Record<string, unknown>[] },
      };
    }
  }
}

/** The view procedures called in this process, as the dashboard's server would call them. */
function localViews(caller: Api): ViewCaller {
  return (view, input) => callView(view, input, (procedure) => procedure(caller));
}

/** The same procedures, called on the server that owns the warehouse: its client mirrors the router. */
function remoteViews(client: ReturnType<typeof serverClient>): ViewCaller {
  // each procedure of the client is called with `.query`; wrap the client so it reads like a caller
  const asCaller = new Proxy({}, {
    get: (_target, router: string) => new Proxy({}, {
      get: (_inner, procedure: string) => (input: unknown) => (client as never as Record<string, Record<string, { query: (input: unknown) => Promise<unknown> }>>)[router][procedure].query(input),
    }),
  }) as Api;
  return (view, input) => callView(view, input, (procedure) => procedure(asCaller));
}

/** The audit view's tables plus every finding matching the filters (a page at a time): the quarter's audit as a report. */
async function auditReport(input: ViewInput, call: <T>(procedure: (api: Api) => Promise<T>) => Promise<T>): Promise<AnyViewReport> {
  const scope = { asOf: input.asOf, quarter: input.quarter };
  const view = await call((api) => api.audit.view(scope));
  const filters = { ...scope, rule: input.rule, status: input.status as never, owner: input.owner, severity: input.severity as never };
  const findings: Record<string, unknown>[] = [];
  for (let page = 0; ; page++) {
    const result = await call((api) => api.audit.findings({ ...filters, page, pageSize: 500 }));
    findings.push(...(result.rows as unknown as Record<string, unknown>[]));
    if (findings.length >= result.total || result.rows.length === 0) break;
  }
  return { ...view, filters: { source: null, ...{ ...filters, quarter: view.quarter, audit_date: view.audit_date } } as never, tables: { ...view.tables, findings } as never };
}

export async function runReport(options: ViewInput & { db?: string; view: string; format: string; table?: string }): Promise<void> {
  if (!['table', 'csv', 'json'].includes(options.format)) throw new Error(`--format ${options.format}: use table, csv or json`);
  const { db: _db, view: _view, format: _format, table: _table, ...input } = options;
  const server = findRunningServer(resolveDbPath(options.db));
  let report: AnyViewReport;
  if (server) {
    report = await remoteViews(serverClient(server))(options.view, input);
  } else {
    const warehouse = await openWarehouse(options.db);
    try {
      report = await localViews(appRouter.createCaller({ db: createKysely<Marts>(warehouse), warehouse, isLocalCaller: true, userName: null }))(options.view, input);
    } finally {
      warehouse.close();
    }
  }
  process.stdout.write(formatReport(report, options.format as ReportFormat, options.table));
}

export async function runBuildModels(options: { db?: string }): Promise<void> {
  const server = findRunningServer(resolveDbPath(options.db));
  if (server) {
    const { built } = await serverClient(server).admin.buildModels.mutate();
    console.log(`built ${built.length} models (in the running server)`);
    return;
  }
  const warehouse = await openWarehouse(options.db);
  console.log('built the models under sql/');
  warehouse.close();
}

/**
 * The demo company's own config, kept beside its warehouse: its CRM scores leads (and the
 * generator plants the hot, idle leads of rule L3 by that score), so the audit reads the CRM's
 * score rather than the points model.
 */
export const DEMO_CONFIG = { leadScore: { use: 'crm' } } as const;

/** Generates the demo company's snapshots and loads them as system "demo". */
export async function runDemo(options: { db?: string; scale: number; out?: string }): Promise<void> {
  const outDir = resolve(options.out ?? DEMO_DIR);
  console.log(`generating the demo company (scale ${options.scale}) into ${outDir} ...`);
  const started = Date.now();
  const manifest = await generateDemoCompany({
    outDir, scale: options.scale,
    onProgress: (done, total) => { if (done === total || done % 20 === 0) console.log(`  wrote ${done} of ${total} weekly snapshots`); },
  });
  console.log(`generated ${manifest.counts.leads.toLocaleString('en-US')} leads and ${manifest.counts.opportunities.toLocaleString('en-US')} opportunities in ${((Date.now() - started) / 1000).toFixed(1)} s; loading ...`);
  const configPath = `${resolveDbPath(options.db)}.config.json`;
  if (!existsSync(configPath)) {
    writeFileSync(configPath, `${JSON.stringify(DEMO_CONFIG, null, 2)}\n`);
    console.log(`wrote the demo company's config beside its warehouse: ${configPath}`);
  }
  await runIngest({ db: options.db, path: outDir, system: DEMO_SYSTEM });
}

export async function runStart(options: { db?: string }): Promise<void> {
  const host = process.env.HOST ?? '127.0.0.1';
  const access = accessFromEnv();
  const refusal = startRefusal(host, access);
  if (refusal) throw new Error(refusal);
  const dbPath = resolveDbPath(options.db);
  const running = findRunningServer(dbPath);
  if (running) {
    console.log(`leadlens is already serving ${dbPath} at ${running.url}`);
    return;
  }
  if (!existsSync(dbPath)) {
    console.log(`no warehouse at ${dbPath} yet: building the demo company first`);
    await runDemo({ db: options.db, scale: 1 });
  }
  const warehouse = await openWarehouse(options.db);
  const server = createDashboardServer(warehouse, WEB_DIST, access);
  const url = await listen(server, Number(process.env.PORT ?? 8787), host);
  // Under a token or a proxy the dashboard's listener takes no loads (loopback proves nothing
  // behind a proxy): the CLI on this machine hands its work to a listener of its own on loopback.
  const cliServer = isAccessControlled(access) ? createDashboardServer(warehouse) : null;
  const cliUrl = cliServer ? await listen(cliServer, 0, '127.0.0.1') : url;
  writeServerLock(dbPath, cliUrl);
  let stopping = false;
  const stop = async () => {
    // a second signal while stopping means now
    if (stopping) process.exit(1);
    stopping = true;
    removeServerLock(dbPath);
    server.close();
    cliServer?.close();
    await warehouse.closeWhenIdle();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const guard = access.trustedUserHeader ? ` (users named by the sign-in proxy's ${access.trustedUserHeader} header${access.token ? ' and the access token' : ''})`
    : access.token ? ' (access token required: open it once with /?token=<token>)' : '';
  console.log(`leadlens is serving ${dbPath} at ${url}${guard}`);
  if (cliServer) console.log(`  the leadlens CLI on this machine hands its work over at ${cliUrl}`);
}
