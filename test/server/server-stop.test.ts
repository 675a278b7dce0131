/**
 * `leadlens start` asked to stop (SIGTERM, or Ctrl-C's SIGINT) while it works: it exits, promptly
 * and cleanly, and the warehouse opens afterwards with every committed snapshot and nothing of an
 * unfinished load. Before, a stop that came while a read's rows were being fetched closed DuckDB
 * under it and the server hung for good, deaf to further signals.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TWO_SNAPSHOTS } from '../support/fixture-warehouse.ts';
import { LEADLENS_BIN as BIN, startLeadlensServer } from '../support/leadlens-process.ts';

const work = mkdtempSync(join(tmpdir(), 'leadlens-stop-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function leadlens(db: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args, '--db', db], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Sends the signal and resolves with the exit code and the seconds it took, or null after 30 s. */
function stopWith(server: ChildProcess, signal: NodeJS.Signals): Promise<{ code: number | null; seconds: number } | null> {
  const started = performance.now();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => { server.kill('SIGKILL'); resolveStop(null); }, 30_000);
    server.once('exit', (code) => { clearTimeout(timer); resolveStop({ code, seconds: (performance.now() - started) / 1000 }); });
    server.kill(signal);
  });
}

const loadedDates = (db: string) => (JSON.parse(leadlens(db, 'report', 'data', '--format', 'json').stdout).tables.loads as Array<{ as_of: string; status: string }>)
  .filter((load) => load.status === 'loaded').map((load) => load.as_of).sort();

describe('stopping the dashboard server', () => {
  it('exits within seconds when stopped in the middle of many reads, and the warehouse opens whole', async () => {
    const db = join(work, 'reads.duckdb');
    expect(leadlens(db, 'ingest', TWO_SNAPSHOTS).status).toBe(0);
    const { server, url } = await startLeadlensServer(db);
    const procedures = ['forecast.view', 'cycleTimes.view', 'funnel.view', 'sources.view', 'audit.view'];
    const requests = Array.from({ length: 60 }, (_, i) => fetch(`${url}/api/${procedures[i % procedures.length]}?input=%7B%7D`).then((response) => response.status, () => 'closed'));
    // stop once answers are flowing: later requests are still being read
    await Promise.race(requests);
    const stopped = await stopWith(server, 'SIGTERM');
    expect(stopped).not.toBeNull();
    expect(stopped!.code).toBe(0);
    expect(stopped!.seconds).toBeLessThan(15);
    // every request was answered or cut off, none left hanging
    expect((await Promise.all(requests)).every((status) => status === 200 || status === 500 || status === 'closed')).toBe(true);
    expect(loadedDates(db)).toEqual(['2026-04-01', '2026-04-08']);
  });

  it('exits when stopped during a load handed to it, and the load leaves nothing behind', async () => {
    const db = join(work, 'load.duckdb');
    expect(leadlens(db, 'ingest', join(TWO_SNAPSHOTS, '2026-04-01')).status).toBe(0);
    // the load stops inside its transaction, as a long load would be part way through
    const { server, output } = await startLeadlensServer(db, { ...process.env, LEADLENS_PAUSE_AT: 'history' });
    const cli = spawn(process.execPath, [BIN, 'ingest', join(TWO_SNAPSHOTS, '2026-04-08'), '--db', db]);
    await expect.poll(output, { timeout: 30_000 }).toContain('paused at history');
    const stopped = await stopWith(server, 'SIGINT');
    expect(stopped).not.toBeNull();
    expect(stopped!.code).toBe(0);
    await new Promise((done) => (cli.exitCode === null ? cli.once('exit', done) : done(null)));
    expect(loadedDates(db)).toEqual(['2026-04-01']);
    expect(leadlens(db, 'ingest', join(TWO_SNAPSHOTS, '2026-04-08')).stdout).toMatch(/records 1 new, 2 changed, 0 deleted/);
  });
});
