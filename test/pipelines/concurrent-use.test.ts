/**
 * Concurrent use (issue: hardening): two loads started at once never corrupt the warehouse (one
 * waits, or is refused with a clear message), and while a load runs the dashboard keeps answering
 * from the last committed state, with its request latency measured.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { generateDemoCompany } from '../../pipelines/demo/generate.ts';
import { checksumWarehouseFile } from '../support/file-checksum.ts';
import { TWO_SNAPSHOTS } from '../support/fixture-warehouse.ts';

const BIN = resolve(import.meta.dirname, '../../bin/leadlens.js');
const work = mkdtempSync(join(tmpdir(), 'leadlens-concurrent-'));
const running: ChildProcess[] = [];
afterEach(() => { for (const child of running.splice(0)) child.kill('SIGKILL'); });
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run { status: number | null; stdout: string; stderr: string }

function leadlens(db: string, ...args: string[]): Run {
  const result = spawnSync(process.execPath, [BIN, ...args, '--db', db], { encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function leadlensAsync(db: string, args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<Run>; said: (pattern: RegExp) => Promise<string> } {
  const child = spawn(process.execPath, [BIN, ...args, '--db', db], { env: { ...process.env, ...env } });
  running.push(child);
  let stdout = '';
  let stderr = '';
  const listeners: Array<() => void> = [];
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk; listeners.forEach((listener) => listener()); });
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk; listeners.forEach((listener) => listener()); });
  const done = new Promise<Run>((resolveRun) => child.on('exit', (status) => resolveRun({ status, stdout, stderr })));
  const said = (pattern: RegExp) => new Promise<string>((resolveSaid) => {
    const check = () => { if (pattern.test(stdout + stderr)) resolveSaid(stdout + stderr); };
    listeners.push(check);
    check();
  });
  return { child, done, said };
}

async function startServer(db: string): Promise<string> {
  const server = leadlensAsync(db, ['start'], { PORT: '0' });
  const output = await server.said(/serving .* at http:\/\/[\d.:]+/);
  return output.match(/at (http:\/\/[\d.:]+)/)?.[1] as string;
}

describe('two loads at once', () => {
  it('without a server: the second is refused with a clear message while the first holds the warehouse, and nothing is changed', async () => {
    const db = join(work, 'no-server.duckdb');
    expect(leadlens(db, 'ingest', join(TWO_SNAPSHOTS, '2026-04-01')).status).toBe(0);
    const before = await checksumWarehouseFile(db);
    // the first load holds the file, paused inside its transaction
    const first = leadlensAsync(db, ['ingest', join(TWO_SNAPSHOTS, '2026-04-08')], { LEADLENS_PAUSE_AT: 'history' });
    await first.said(/paused at history/);
    const second = leadlens(db, 'ingest', join(TWO_SNAPSHOTS, '2026-04-08'), '--system', 'other');
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`${db.replaceAll('.', '\\.')} is in use by another leadlens process; wait for it to finish`));
    first.child.kill('SIGKILL');
    await first.done;
    expect(await checksumWarehouseFile(db)).toEqual(before);
  });

  it('with a server: both are handed to it and run one after the other, each whole', async () => {
    const db = join(work, 'server.duckdb');
    const folder = join(TWO_SNAPSHOTS, '2026-04-01');
    // a warehouse of its own first: a server started with none would build the demo company
    expect(leadlens(db, 'ingest', folder, '--system', 'north').status).toBe(0);
    const url = await startServer(db);
    const [a, b] = await Promise.all([
      leadlensAsync(db, ['ingest', folder, '--system', 'east']).done,
      leadlensAsync(db, ['ingest', folder, '--system', 'west']).done,
    ]);
    expect([a.status, b.status]).toEqual([0, 0]);
    for (const run of [a, b]) expect(run.stdout).toContain('handing the load to the server');
    const data = await (await fetch(`${url}/api/data.view?input=${encodeURIComponent('{}')}`)).json();
    // two_snapshots/2026-04-01 holds 7 leads and 5 opportunities: each system has all of them
    const counts = data.result.data.tables.record_counts as Array<{ system: string; table_name: string; current_records: number }>;
    for (const system of ['north', 'east', 'west']) {
      expect(counts.find((row) => row.system === system && row.table_name === 'leads')?.current_records, system).toBe(7);
      expect(counts.find((row) => row.system === system && row.table_name === 'opportunities')?.current_records, system).toBe(5);
    }
  });
});

describe('the dashboard during a load', () => {
  it('keeps answering from the last committed state, and says how fast', async () => {
    const series = join(work, 'series');
    const manifest = await generateDemoCompany({ outDir: series, scale: 3, snapshots: 2, firstSnapshot: '2026-11-09', truth: false });
    const [first, second] = manifest.snapshots;
    const db = join(work, 'during.duckdb');
    expect(leadlens(db, 'ingest', join(series, first), '--system', 'demo').status).toBe(0);
    const url = await startServer(db);
    const ask = async () => {
      const started = performance.now();
      const response = await fetch(`${url}/api/funnel.view?input=${encodeURIComponent('{}')}`);
      const body = await response.json();
      return { status: response.status, ms: performance.now() - started, asOf: body.result?.data?.as_of as string };
    };
    const idle = [];
    for (let i = 0; i < 5; i++) idle.push(await ask());
    const load = leadlensAsync(db, ['ingest', join(series, second), '--system', 'demo']);
    let finished = false;
    void load.done.then(() => { finished = true; });
    const during = [];
    while (!finished) during.push(await ask());
    const run = await load.done;
    expect(run.status, run.stderr).toBe(0);
    expect(during.length).toBeGreaterThan(0);
    for (const answer of during) {
      expect(answer.status).toBe(200);
      // each answer is one whole state: the snapshot before, or (once committed) the new one
      expect([first, second]).toContain(answer.asOf);
    }
    const p = (answers: Array<{ ms: number }>, q: number) => [...answers].map((a) => a.ms).sort((x, y) => x - y)[Math.min(answers.length - 1, Math.floor(q * answers.length))];
    console.info(`funnel.view while idle: p50 ${p(idle, 0.5).toFixed(0)} ms; during the load of ${second} (${during.length} requests): p50 ${p(during, 0.5).toFixed(0)} ms, p99 ${p(during, 0.99).toFixed(0)} ms`);
    expect((await ask()).asOf).toBe(second);
  }, 180_000);
});
