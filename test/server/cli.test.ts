import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TWO_SNAPSHOTS } from '../support/fixture-warehouse.ts';
import { LEADLENS_BIN as BIN, startLeadlensServer } from '../support/leadlens-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'leadlens-cli-'));
const db = join(dir, 'cli.duckdb');
let server: ChildProcess | undefined;
afterAll(() => { server?.kill('SIGKILL'); rmSync(dir, { recursive: true, force: true }); });

function leadlens(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args, '--db', db], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function startServer(): Promise<string> {
  const started = await startLeadlensServer(db);
  server = started.server;
  return started.url;
}

describe('the leadlens command', () => {
  it('before any snapshot: the data report answers with no date, the other views say none is loaded', () => {
    const data = leadlens('report', 'data');
    expect(data.status).toBe(0);
    expect(data.stdout.split('\n')[0]).toBe('data as of no snapshot (none loaded yet), period all');
    expect(JSON.parse(leadlens('report', 'data', '--format', 'json').stdout)).toMatchObject({ view: 'data', as_of: null, tables: { loads: [], refused_loads: [] } });
    const funnel = leadlens('report', 'funnel');
    expect(funnel.status).toBe(1);
    expect(funnel.stderr).toContain('no snapshot loaded yet');
  });

  it('loads a snapshot, then prints a view as JSON in the report shape', () => {
    const ingest = leadlens('ingest', join(TWO_SNAPSHOTS, '2026-04-01'));
    expect(ingest.stderr).toBe('');
    expect(ingest.stdout).toMatch(/2026-04-01 canonical \(detected canonical export\): leads.csv 7 rows, opportunities.csv 5 rows, owners.csv 2 rows; records 14 new/);
    const report = leadlens('report', 'funnel', '--period', '2026-Q1', '--format', 'json');
    const json = JSON.parse(report.stdout);
    expect(json).toMatchObject({ view: 'funnel', as_of: '2026-04-01', period: '2026-01-01..2026-03-31' });
    expect(json.tables.steps.map((row: { records: number }) => row.records)).toEqual([6, 5, 3, 2, 1]);
  });

  it('prints CSV of the main table and names the file, row, column and value of bad input', () => {
    const csv = leadlens('report', 'sources', '--period', '2026-Q1', '--format', 'csv');
    expect(csv.stdout.split('\n')[0]).toMatch(/^source,is_total,won,lost,closed/);
    expect(csv.stdout).toContain('All sources,true,2,2,4');
    const bad = leadlens('ingest', join(TWO_SNAPSHOTS, '../bad/negative_amount'), '--as-of', '2026-04-08');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('opportunities.csv, row 4, column amount: negative amount (value "-8000.00")');
  });

  it('hands its work to the running server, which owns the warehouse', async () => {
    const url = await startServer();
    expect(existsSync(`${db}.server.json`)).toBe(true);
    const ingest = leadlens('ingest', join(TWO_SNAPSHOTS, '2026-04-08'));
    expect(ingest.stdout).toContain(`handing the load to the server that owns ${db}`);
    expect(ingest.stdout).toMatch(/2026-04-08 canonical \(detected canonical export\): .* records 1 new, 2 changed, 0 deleted/);
    const report = JSON.parse(leadlens('report', 'funnel', '--period', '2026-Q1', '--format', 'json').stdout);
    expect(report.as_of).toBe('2026-04-08');
    const viaHttp = await (await fetch(`${url}/api/options.filters`)).json();
    expect(viaHttp.result.data.snapshots).toEqual(['2026-04-08', '2026-04-01']);
    server!.kill('SIGTERM');
    await new Promise((done) => server!.once('exit', done));
    expect(existsSync(`${db}.server.json`)).toBe(false);
  });

  it('prints every view: records behind a figure, pipeline movement, forecast, cycle times', () => {
    // both snapshots are loaded by now (the last load went through the server)
    const records = JSON.parse(leadlens('report', 'records', '--kind', 'opportunity', '--where', 'source=partner', '--period', '2026-Q1', '--period-on', 'closed_on', '--sort', 'amount', '--as-of', '2026-04-01', '--format', 'json').stdout);
    expect(records.tables.records.map((row: { opportunity_id: string }) => row.opportunity_id)).toEqual(['O3', 'O4']);
    // Q2 pipeline from 04-01 to 04-08: O2 (5,000, closing 04-30) was open at the start and is won at the end
    const movement = JSON.parse(leadlens('report', 'pipeline-movement', '--from', '2026-04-01', '--to', '2026-04-08', '--period', '2026-Q2', '--format', 'json').stdout);
    const steps = Object.fromEntries(movement.tables.waterfall.map((row: { step: string; amount: number }) => [row.step, row.amount]));
    expect([steps.start, steps.won, steps.end]).toEqual([5000, -5000, 0]);
    const forecast = JSON.parse(leadlens('report', 'forecast', '--period', '2026-Q2', '--format', 'json').stdout);
    expect(forecast.tables.summary[0]).toMatchObject({ closed_won: 5000, weighted_pipeline: 5000 });
    const cycles = leadlens('report', 'cycle-times', '--period', '2026-Q1', '--format', 'csv');
    expect(cycles.stdout.split('\n')[0]).toMatch(/^journey,/);
  });
});
