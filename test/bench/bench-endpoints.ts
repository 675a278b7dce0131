import type { Server } from 'node:http';
import { DuckDBInstance } from '@duckdb/node-api';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { SqlParams, Warehouse } from '../../server/db/warehouse.ts';
import { createDashboardServer, listen } from '../../server/http-server.ts';
import type { AppRouter } from '../../server/routers/app.ts';
import { median, millis, timed, type Results } from './bench-format.ts';

type Client = ReturnType<typeof createTRPCClient<AppRouter>>;

/**
 * Every procedure a dashboard view calls on first render, with the inputs a first visit sends
 * (records.detail: the first opportunity of a one-row records list, as the view's link opens).
 * The endpoint figures and the load test (load-bench.ts) both read this list.
 */
export const ENDPOINTS: ReadonlyArray<{ name: string; procedure: string; input?: unknown }> = [
  { name: 'funnel.view (default period)', procedure: 'funnel.view', input: {} },
  { name: 'funnel.view (period all, one source)', procedure: 'funnel.view', input: { period: 'all', source: 'web' } },
  { name: 'sources.view', procedure: 'sources.view', input: {} },
  { name: 'cycleTimes.view', procedure: 'cycleTimes.view', input: {} },
  { name: 'forecast.view', procedure: 'forecast.view', input: {} },
  { name: 'pipeline.movement (as the view asks)', procedure: 'pipeline.movement', input: { deals: false } },
  { name: 'pipeline.deals (a page of a bar)', procedure: 'pipeline.deals', input: { category: 'end' } },
  { name: 'audit.view', procedure: 'audit.view', input: {} },
  { name: 'audit.findings (first page)', procedure: 'audit.findings', input: {} },
  { name: 'audit.leadScore', procedure: 'audit.leadScore', input: {} },
  { name: 'records.list (a page of opportunities)', procedure: 'records.list', input: { kind: 'opportunity', period: 'all', sort: 'amount' } },
  { name: 'records.detail', procedure: 'records.detail' },
  { name: 'data.view', procedure: 'data.view', input: {} },
  { name: 'options.filters', procedure: 'options.filters' },
];

/** The input of records.detail: the first opportunity of a one-row records list. */
export const FIRST_RECORD_LIST = { kind: 'opportunity', period: 'all', sort: 'amount', pageSize: 1 } as const;

/** Calls one endpoint through the client (records.detail after the list that names its record). */
async function callEndpoint(client: Client, endpoint: (typeof ENDPOINTS)[number]): Promise<unknown> {
  if (endpoint.procedure === 'records.detail') {
    const page = await client.records.list.query(FIRST_RECORD_LIST);
    const first = page.rows[0] as { system: string; opportunity_id: string } | undefined;
    return first ? client.records.detail.query({ kind: 'opportunity', system: first.system, id: first.opportunity_id }) : null;
  }
  const [routerName, procedureName] = endpoint.procedure.split('.');
  const procedures = (client as unknown as Record<string, Record<string, { query: (input?: unknown) => Promise<unknown> }>>)[routerName];
  return procedures[procedureName].query(endpoint.input);
}

/** A running dashboard on the bench warehouse, for the endpoint and view measurements. */
export async function serveDashboard(warehouse: Warehouse): Promise<{ url: string; server: Server; client: Client }> {
  const server = createDashboardServer(warehouse);
  const url = await listen(server, 0, '127.0.0.1');
  return { url, server, client: createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/api` })] }) };
}

/**
 * Each procedure through tRPC over HTTP against the same SQL run directly on a DuckDB connection
 * (the statements it ran, captured once, one after another), median of `runs` after a warm-up,
 * with the size of its JSON response.
 */
export async function benchEndpoints(warehouse: Warehouse, client: Client, runs: number): Promise<{ lines: string[]; results: Results }> {
  const instance = await DuckDBInstance.fromCache(warehouse.path);
  const raw = await instance.connect();
  const lines = [
    `endpoints: median of ${runs} runs after one warm-up (ratio target: 1.15x or better where DuckDB takes 20 ms or more, else at most 5 ms added)`,
    `  first: the first call, which also fills what the server keeps until the next load (the backtest's bands, the learned lead score)`,
    `  ${'procedure'.padEnd(40)} ${'first'.padStart(10)} ${'tRPC/HTTP'.padStart(10)} ${'DuckDB'.padStart(10)} ${'ratio'.padStart(7)} ${'added'.padStart(9)} ${'payload'.padStart(10)}  verdict`,
  ];
  const results: Record<string, unknown> = {};
  for (const endpoint of ENDPOINTS) {
    const statements: Array<[string, SqlParams]> = [];
    warehouse.onRead = (sql, params) => statements.push([sql, params]);
    const [response, firstMs] = await timed(() => callEndpoint(client, endpoint));
    warehouse.onRead = undefined;
    const viaHttp: number[] = [];
    const direct: number[] = [];
    for (let run = 0; run < runs; run++) {
      viaHttp.push((await timed(() => callEndpoint(client, endpoint)))[1]);
      direct.push((await timed(async () => { for (const [sql, params] of statements) await raw.runAndReadAll(sql, params); }))[1]);
    }
    const [http, duck] = [median(viaHttp), median(direct)];
    const payload = Buffer.byteLength(JSON.stringify(response ?? null));
    const meets = duck >= 20 ? http / duck <= 1.15 : http - duck <= 5;
    lines.push(`  ${endpoint.name.padEnd(40)} ${millis(firstMs).padStart(10)} ${millis(http).padStart(10)} ${millis(duck).padStart(10)} ${`${(http / duck).toFixed(2)}x`.padStart(7)} ${millis(http - duck).padStart(9)} ${`${(payload / 1024).toFixed(1)} KiB`.padStart(10)}  ${meets ? 'meets' : 'MISSES'}`);
    results[endpoint.name] = { firstMs, httpMs: http, duckdbMs: duck, ratio: http / duck, addedMs: http - duck, payloadBytes: payload, statements: statements.length, meets };
  }
  raw.closeSync();
  instance.closeSync();
  return { lines, results: { endpoints: results } };
}
