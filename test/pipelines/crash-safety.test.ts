import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemoCompany } from '../../pipelines/demo/generate.ts';
import { checksumWarehouseFile } from '../support/file-checksum.ts';
import { TWO_SNAPSHOTS } from '../support/fixture-warehouse.ts';

const BIN = resolve(import.meta.dirname, '../../bin/leadlens.js');
const work = mkdtempSync(join(tmpdir(), 'leadlens-crash-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function leadlens(db: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args, '--db', db], { encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`leadlens ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** Starts a leadlens process, waits until its output says `marker`, then kills it with SIGKILL. */
function killWhenSaid(args: string[], marker: RegExp, env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolveOutput, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let output = '';
    const watch = (chunk: Buffer) => {
      output += chunk.toString();
      if (marker.test(output)) child.kill('SIGKILL');
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolveOutput(output) : reject(new Error(`exited before the kill: ${output}`))));
  });
}

describe('a load killed with SIGKILL leaves the warehouse as before the load', () => {
  it.each(['staged', 'history', 'batch-recorded', 'models-built'])('killed at %s, then loaded again in full', async (phase) => {
    const db = join(work, `phase-${phase}.duckdb`);
    leadlens(db, 'ingest', join(TWO_SNAPSHOTS, '2026-04-01'));
    const before = await checksumWarehouseFile(db);
    await killWhenSaid(['ingest', join(TWO_SNAPSHOTS, '2026-04-08'), '--db', db], new RegExp(`paused at ${phase}`), { LEADLENS_PAUSE_AT: phase });
    expect(await checksumWarehouseFile(db)).toEqual(before);
    // the interrupted snapshot loads cleanly afterwards
    expect(leadlens(db, 'ingest', join(TWO_SNAPSHOTS, '2026-04-08'))).toMatch(/records 1 new, 2 changed, 0 deleted/);
  });

  it('killed with the server that owns the warehouse, part way through a load handed to it', async () => {
    const db = join(work, 'server.duckdb');
    leadlens(db, 'ingest', join(TWO_SNAPSHOTS, '2026-04-01'));
    const before = await checksumWarehouseFile(db);
    const server = spawn(process.execPath, [BIN, 'start', '--db', db], { env: { ...process.env, PORT: '0', LEADLENS_PAUSE_AT: 'history' } });
    let serverOutput = '';
    const paused = new Promise<void>((done) => server.stderr.on('data', (chunk: Buffer) => { serverOutput += chunk; if (/paused at history/.test(serverOutput)) done(); }));
    const url = await new Promise<string>((done) => server.stdout.on('data', (chunk: Buffer) => {
      const served = String(chunk).match(/at (http:\/\/[\d.:]+)/)?.[1];
      if (served) done(served);
    }));
    const cli = spawn(process.execPath, [BIN, 'ingest', join(TWO_SNAPSHOTS, '2026-04-08'), '--db', db]);
    await paused;
    // mid-load, the dashboard still answers, from the last committed state
    const answer = await (await fetch(`${url}/api/funnel.view?input=${encodeURIComponent(JSON.stringify({ period: '2026-Q1' }))}`)).json();
    expect(answer.result.data.as_of).toBe('2026-04-01');
    server.kill('SIGKILL');
    await new Promise((done) => server.once('exit', done));
    await new Promise((done) => cli.once('exit', done));
    expect(await checksumWarehouseFile(db)).toEqual(before);
    expect(leadlens(db, 'ingest', join(TWO_SNAPSHOTS, '2026-04-08'))).toMatch(/records 1 new, 2 changed, 0 deleted/);
  });

  it('killed at a random moment of a series, holds whole snapshots only, and finishes to the same state as an uninterrupted load', async () => {
    const series = join(work, 'series');
    const manifest = await generateDemoCompany({ outDir: series, scale: 0.05, snapshots: 6 });
    const interrupted = join(work, 'interrupted.duckdb');
    const clean = join(work, 'clean.duckdb');
    // kill once the second snapshot has been reported: the third is somewhere in its load
    await killWhenSaid(['ingest', series, '--db', interrupted], /\[2\/6\]/);
    const loaded = JSON.parse(leadlens(interrupted, 'report', 'data', '--format', 'json')).tables.loads as Array<{ as_of: string; rows_loaded: number }>;
    const dates = loaded.map((load) => load.as_of).sort();
    expect(dates).toEqual(manifest.snapshots.slice(0, dates.length));
    // each snapshot that is there is there whole: its leads are exactly the file's rows
    const latest = dates.at(-1)!;
    const counts = JSON.parse(leadlens(interrupted, 'report', 'data', '--as-of', latest, '--format', 'json')).tables.record_counts as Array<{ table_name: string; current_records: number }>;
    const leadRows = readFileSync(join(series, latest, 'leads.csv'), 'utf8').trim().split('\n').length - 1;
    expect(counts.find((row) => row.table_name === 'leads')?.current_records).toBe(leadRows);
    leadlens(interrupted, 'ingest', series);
    leadlens(clean, 'ingest', series);
    // batch ids and load times differ between the two runs; every record version must not
    const ignore = ['batch_id', 'started_at', 'ended_at'];
    const [afterResume, uninterrupted] = [await checksumWarehouseFile(interrupted, ignore), await checksumWarehouseFile(clean, ignore)];
    for (const table of ['leads', 'opportunities', 'accounts', 'contacts', 'campaigns', 'targets']) expect(afterResume[table]).toBe(uninterrupted[table]);
  });
});
