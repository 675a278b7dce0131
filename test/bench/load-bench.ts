/**
 * Load (issue 8): autocannon against a running dashboard on loopback, one procedure at a time,
 * each run bounded in time and in count: the requests a second each view's procedures sustain
 * with a few connections, p50 and p99 latency, and any non-2xx response or error. bench.ts calls
 * benchLoad while the dashboard serves the bench warehouse in a process of its own.
 */
import autocannon from 'autocannon';
import { ENDPOINTS, FIRST_RECORD_LIST } from './bench-endpoints.ts';
import { count } from './bench-format.ts';

/** A procedure too slow for each connection to complete this many requests in the time bound gets a longer run. */
const MIN_REQUESTS_PER_CONNECTION = 3;
/** No run lasts longer than this, however slow the procedure; a request unanswered this long is an error. */
const MAX_SECONDS = 60;

function queryUrl(baseUrl: string, procedure: string, input?: unknown): string {
  return `${baseUrl}/api/${procedure}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`;
}

/** records.detail asks for a record by its key: the first opportunity of the records list, as the view's link does. */
async function recordDetailTarget(baseUrl: string): Promise<{ name: string; procedure: string; input: unknown } | null> {
  const response = await fetch(queryUrl(baseUrl, 'records.list', FIRST_RECORD_LIST)).catch(() => null);
  // the list's own run reports why it failed
  if (!response?.ok) return null;
  const first = ((await response.json()) as { result: { data: { rows: Array<{ system: string; opportunity_id: string }> } } }).result.data.rows[0];
  return first ? { name: 'records.detail', procedure: 'records.detail', input: { kind: 'opportunity', system: first.system, id: first.opportunity_id } } : null;
}

interface LoadResult {
  name: string;
  /** The status and time of the requests sent first, to check the URL answers. */
  probe: { status: number; ms: number; body?: string };
  seconds?: number;
  completed?: number;
  perSecond?: number;
  p50?: number;
  p99?: number;
  non2xx?: number;
  errors?: number;
  timeouts?: number;
}

/** The latency at a percentile by nearest rank. */
function percentile(sorted: number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))];
}

/** One request to check the URL answers 200, then one timed (the first may fill a cache the run would not see). */
async function probeTwice(url: string): Promise<LoadResult['probe']> {
  let probe: LoadResult['probe'] = { status: 0, ms: 0 };
  for (let attempt = 0; attempt < 2 && (attempt === 0 || probe.status === 200); attempt++) {
    const started = performance.now();
    try {
      const response = await fetch(url);
      const body = await response.text();
      probe = { status: response.status, ms: performance.now() - started, ...(response.ok ? {} : { body: body.slice(0, 200) }) };
    } catch (error) {
      probe = { status: 0, ms: performance.now() - started, body: error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error) };
    }
  }
  return probe;
}

async function loadOne(url: string, name: string, options: { seconds: number; connections: number; maxRequests: number }): Promise<LoadResult> {
  const probe = await probeTwice(url);
  if (probe.status !== 200) return { name, probe };
  // a procedure that takes seconds a request gets the time for a few on each connection, the connections sharing the server
  const seconds = Math.min(MAX_SECONDS, Math.max(options.seconds, Math.ceil((MIN_REQUESTS_PER_CONNECTION * options.connections * probe.ms) / 1000)));
  const latencies: number[] = [];
  let lastResponse = 0;
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolveRun, reject) => {
    const instance = autocannon({
      url, connections: options.connections, duration: seconds, maxOverallRequests: options.maxRequests, timeout: MAX_SECONDS,
    }, (error, finished) => (error ? reject(error) : resolveRun(finished)));
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
      lastResponse = performance.now();
    });
  });
  latencies.sort((a, b) => a - b);
  // autocannon notices the end at its next one-second tick: the rate is over the time until the last response
  const activeSeconds = Math.max(lastResponse - started, 1) / 1000;
  return {
    name, probe, seconds, completed: latencies.length, perSecond: latencies.length / activeSeconds,
    p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts,
  };
}

const COLUMNS: Array<[string, number]> = [['procedure', 40], ['req/s', 9], ['p50', 10], ['p99', 10], ['requests', 9], ['non-2xx', 8], ['errors', 7], ['window', 7]];

function row(cells: string[]): string {
  return `  ${cells.map((cell, i) => (i === 0 ? cell.padEnd(COLUMNS[i][1]) : cell.padStart(COLUMNS[i][1]))).join(' ')}`;
}

const ms = (value: number | undefined) => (value === undefined ? '-' : `${value.toFixed(1)} ms`);

function resultRow(result: LoadResult): string {
  if (result.completed === undefined) return row([result.name, result.probe.status ? `HTTP ${result.probe.status}` : 'failed', '-', '-', '0', '-', '-', '-']);
  return row([
    result.name, (result.perSecond ?? 0).toFixed(1), ms(result.p50), ms(result.p99), count(result.completed),
    count(result.non2xx ?? 0), count(result.errors ?? 0), `${result.seconds} s`,
  ]);
}

function errorLines(results: LoadResult[]): string[] {
  const failing = results.filter((result) => result.probe.status !== 200 || (result.non2xx ?? 0) > 0 || (result.errors ?? 0) > 0 || result.completed === 0);
  if (failing.length === 0) return ['  no errors: every request of every run answered 2xx'];
  return failing.map((result) => {
    if (result.probe.status !== 200) return `ERRORS ${result.name}: the first request ${result.probe.status ? `answered ${result.probe.status}` : 'failed'}: ${result.probe.body ?? ''}`;
    if (result.completed === 0) return `ERRORS ${result.name}: no request completed within ${result.seconds} s`;
    return `ERRORS ${result.name}: ${result.non2xx} non-2xx responses, ${result.errors} errors (${result.timeouts} timeouts) of ${result.completed} responses`;
  });
}

/**
 * Runs autocannon against each procedure a dashboard view calls on first render at `url`, one at
 * a time, for `seconds` (default 5; longer for a procedure too slow to answer a few requests in
 * that time, at most 60) or `maxRequests` (default 2,000), whichever comes first, with
 * `connections` (default 4). Returns printable lines; an "ERRORS" line for each procedure that
 * answered anything but 2xx or failed a request.
 */
export async function benchLoad(options: { url: string; seconds?: number; connections?: number; maxRequests?: number }): Promise<string[]> {
  const baseUrl = options.url.replace(/\/$/, '');
  const settings = { seconds: options.seconds ?? 5, connections: options.connections ?? 4, maxRequests: options.maxRequests ?? 2_000 };
  const detail = await recordDetailTarget(baseUrl);
  const results: LoadResult[] = [];
  for (const target of ENDPOINTS.flatMap((endpoint) => (endpoint.procedure !== 'records.detail' ? [endpoint] : detail ? [detail] : []))) {
    results.push(await loadOne(queryUrl(baseUrl, target.procedure, target.input), target.name, settings));
  }
  return [
    `\nload: autocannon against ${baseUrl}, one procedure at a time, ${settings.connections} connections, each run ${settings.seconds} s or ${count(settings.maxRequests)} requests, whichever comes first`,
    '  req/s over the time to the last response; p50 and p99 of every response\'s latency',
    row(COLUMNS.map(([name]) => name)),
    ...results.map(resultRow),
    ...(detail ? [] : ['  records.detail: not measured, the records list had no record to open']),
    ...errorLines(results),
  ];
}
