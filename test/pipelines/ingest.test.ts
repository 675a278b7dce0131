import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestPath } from '../../pipelines/load/ingest-path.ts';
import { LoadError } from '../../pipelines/load/load-error.ts';
import { loadSnapshot } from '../../pipelines/load/load-snapshot.ts';
import { FIXTURES, fixtureWarehouse, TWO_SNAPSHOTS } from '../support/fixture-warehouse.ts';
import { checksumAllTables } from '../support/warehouse-checksum.ts';

const BAD = join(FIXTURES, 'canonical/bad');
let cleanup: (() => void) | undefined;
afterEach(() => { cleanup?.(); cleanup = undefined; });

async function loadedWarehouse(loadFrom?: string) {
  const fixture = await fixtureWarehouse(loadFrom);
  cleanup = fixture.cleanup;
  return fixture;
}

describe('loading canonical snapshots', () => {
  it('loads a series in date order and keeps only changed records as new versions', async () => {
    const { warehouse } = await loadedWarehouse();
    const reports = await ingestPath(warehouse, { path: TWO_SNAPSHOTS });
    expect(reports.map((report) => [report.asOf, report.status])).toEqual([['2026-04-01', 'loaded'], ['2026-04-08', 'loaded']]);
    // first snapshot: 7 leads, 5 opportunities, 2 owners, all new
    expect(reports[0].changes.leads).toMatchObject({ created: 7, changed: 0, deleted: 0 });
    // second: L8 is new, L3 turned disqualified; O2 was won; owners unchanged
    expect(reports[1].changes.leads).toMatchObject({ created: 1, changed: 1, deleted: 0 });
    expect(reports[1].changes.opportunities).toMatchObject({ created: 0, changed: 1, deleted: 0 });
    expect(reports[1].changes.owners).toMatchObject({ created: 0, changed: 0, deleted: 0 });
    // versions: 7 first + L3's second + L8 = 9 lead rows; 5 + O2's second = 6; owners 2
    const versions = await warehouse.query(`select (select count(*) from leads) as leads, (select count(*) from opportunities) as opportunities, (select count(*) from owners) as owners`);
    expect(versions[0]).toEqual({ leads: 9, opportunities: 6, owners: 2 });
    const l3 = await warehouse.query(`select status, strftime(valid_from, '%Y-%m-%d') as valid_from, strftime(valid_to, '%Y-%m-%d') as valid_to from leads where lead_id = 'L3' order by valid_from`);
    expect(l3).toEqual([
      { status: 'qualified', valid_from: '2026-04-01', valid_to: '2026-04-08' },
      { status: 'disqualified', valid_from: '2026-04-08', valid_to: null },
    ]);
    const batches = await warehouse.query(`select strftime(as_of, '%Y-%m-%d') as as_of, rows_loaded, status, json_array_length(files) as files from load_batches order by as_of`);
    expect(batches).toEqual([
      { as_of: '2026-04-01', rows_loaded: 14, status: 'loaded', files: 3 },
      { as_of: '2026-04-08', rows_loaded: 15, status: 'loaded', files: 3 },
    ]);
  });

  it('types values: empty is unknown, probability stays 0-100 in the raw table, raw_stage defaults to the stage', async () => {
    const { warehouse } = await loadedWarehouse(join(TWO_SNAPSHOTS, '2026-04-01'));
    const [o5] = await warehouse.query(`select amount, probability, raw_stage, strftime(closed_at, '%Y-%m-%dT%H:%M') as closed_at from opportunities where opportunity_id = 'O5'`);
    expect(o5).toEqual({ amount: null, probability: 0, raw_stage: 'closed_lost', closed_at: '2026-03-05T16:00' });
    const [l6] = await warehouse.query(`select source, owner, is_converted, score from leads where lead_id = 'L6'`);
    expect(l6).toEqual({ source: null, owner: null, is_converted: false, score: 10 });
  });

  it('treats the same snapshot loaded twice as a no-op and says so', async () => {
    const { warehouse } = await loadedWarehouse(TWO_SNAPSHOTS);
    const before = await checksumAllTables(warehouse);
    const again = await ingestPath(warehouse, { path: join(TWO_SNAPSHOTS, '2026-04-08') });
    expect(again[0].status).toBe('unchanged');
    expect(await checksumAllTables(warehouse)).toEqual(before);
  });

  it('refuses other contents for a loaded date unless replaced, and a replacement rewrites that date only', async () => {
    const { warehouse } = await loadedWarehouse(join(TWO_SNAPSHOTS, '2026-04-01'));
    await expect(loadSnapshot(warehouse, { folder: join(TWO_SNAPSHOTS, '2026-04-08'), asOf: '2026-04-01' })).rejects.toThrow(/--replace/);
    await loadSnapshot(warehouse, { folder: join(TWO_SNAPSHOTS, '2026-04-08'), asOf: '2026-04-01', replace: true });
    const l3 = await warehouse.query(`select status, valid_to from leads where lead_id = 'L3'`);
    expect(l3).toEqual([{ status: 'disqualified', valid_to: null }]);
    const batches = await warehouse.query(`select status from load_batches order by batch_id`);
    expect(batches.map((row) => row.status)).toEqual(['replaced', 'loaded']);
  });

  it('refuses an older snapshot unless backfilled, and a backfill splits history around it', async () => {
    const { warehouse } = await loadedWarehouse(join(TWO_SNAPSHOTS, '2026-04-01'));
    // 04-08's content first at 04-15, then backfill 04-01's content at 04-08: L3 goes qualified -> qualified -> disqualified
    await loadSnapshot(warehouse, { folder: join(TWO_SNAPSHOTS, '2026-04-08'), asOf: '2026-04-15' });
    await expect(loadSnapshot(warehouse, { folder: join(TWO_SNAPSHOTS, '2026-04-01'), asOf: '2026-04-08' })).rejects.toThrow(/--backfill/);
    await loadSnapshot(warehouse, { folder: join(TWO_SNAPSHOTS, '2026-04-01'), asOf: '2026-04-08', backfill: true });
    // the backfilled state equals the 04-01 state, so L3's versions merge into one from 04-01 to 04-15
    const l3 = await warehouse.query(`select status, strftime(valid_from, '%Y-%m-%d') as valid_from, strftime(valid_to, '%Y-%m-%d') as valid_to from leads where lead_id = 'L3' order by valid_from`);
    expect(l3).toEqual([
      { status: 'qualified', valid_from: '2026-04-01', valid_to: '2026-04-15' },
      { status: 'disqualified', valid_from: '2026-04-15', valid_to: null },
    ]);
    // L8 exists only from 04-15: the backfilled 04-08 snapshot does not have it
    const l8 = await warehouse.query(`select strftime(valid_from, '%Y-%m-%d') as valid_from from leads where lead_id = 'L8'`);
    expect(l8).toEqual([{ valid_from: '2026-04-15' }]);
  });

  it('keeps systems apart: a second data set loaded beside the first deletes nothing of it', async () => {
    const { warehouse } = await loadedWarehouse(join(TWO_SNAPSHOTS, '2026-04-01'));
    // loaded as another system, the 04-08 snapshot creates its own 8 leads and deletes none of the first's 7
    const other = await loadSnapshot(warehouse, { folder: join(TWO_SNAPSHOTS, '2026-04-08'), asOf: '2026-04-08', system: 'second_crm' });
    expect(other.changes.leads).toMatchObject({ created: 8, deleted: 0 });
    const current = await warehouse.query(`select system, count(*) as leads from leads where valid_to is null group by system order by system`);
    expect(current).toEqual([{ system: 'canonical', leads: 7 }, { system: 'second_crm', leads: 8 }]);
  });

  it('deletes records absent from a later snapshot, and refuses a snapshot that drops most records', async () => {
    const { warehouse, dir } = await loadedWarehouse(join(TWO_SNAPSHOTS, '2026-04-01'));
    await expect(loadSnapshot(warehouse, { folder: join(BAD, 'missing_file'), asOf: '2026-04-08' })).rejects.toThrow(/opportunities.csv/);
    const { writeFileSync, mkdirSync, copyFileSync } = await import('node:fs');
    const shrunk = join(dir, 'shrunk');
    mkdirSync(shrunk);
    const leads = readFileSync(join(TWO_SNAPSHOTS, '2026-04-01/leads.csv'), 'utf8').split('\n');
    writeFileSync(join(shrunk, 'leads.csv'), `${leads.slice(0, 3).join('\n')}\n`); // header + L1, L2: 5 of 7 gone
    copyFileSync(join(TWO_SNAPSHOTS, '2026-04-01/opportunities.csv'), join(shrunk, 'opportunities.csv'));
    await expect(loadSnapshot(warehouse, { folder: shrunk, asOf: '2026-04-08' })).rejects.toThrow(/drops 5 of 7 records/);
    const report = await loadSnapshot(warehouse, { folder: shrunk, asOf: '2026-04-08', allowShrink: true });
    expect(report.changes.leads).toMatchObject({ deleted: 5 });
    const current = await warehouse.query(`select lead_id from leads where valid_to is null order by lead_id`);
    expect(current.map((row) => row.lead_id)).toEqual(['L1', 'L2']);
  });
});

describe('bad input stops the load and leaves the warehouse exactly as it was', () => {
  // rows are numbered as a spreadsheet shows them: the header is row 1
  const cases: Array<[string, Partial<{ file: string; row: number; column: string; value: string | null }>, RegExp]> = [
    ['missing_file', { file: 'missing_file/opportunities.csv' }, /required file is missing/],
    ['missing_column', { file: 'opportunities.csv', column: 'stage' }, /required column is missing/],
    ['bad_date', { file: 'leads.csv', row: 5, column: 'created_at', value: '2026-02-31T08:30:00Z' }, /not an ISO 8601/],
    ['bad_number', { file: 'opportunities.csv', row: 4, column: 'amount', value: '8OOO' }, /not an amount/],
    ['duplicate_id', { file: 'leads.csv', row: 10, column: 'lead_id', value: 'L3' }, /duplicate id \(first seen in row 4\)/],
    ['negative_amount', { file: 'opportunities.csv', row: 4, column: 'amount', value: '-8000.00' }, /negative amount/],
    ['unknown_stage', { file: 'opportunities.csv', row: 3, column: 'stage', value: 'verbal_commit' }, /unknown value/],
  ];

  it.each(cases)('%s', async (name, where, problem) => {
    const { warehouse, dbPath } = await loadedWarehouse(join(TWO_SNAPSHOTS, '2026-04-01'));
    const before = await checksumAllTables(warehouse);
    const error = await loadSnapshot(warehouse, { folder: join(BAD, name), asOf: '2026-04-08' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LoadError);
    const first = (error as LoadError).problems[0];
    expect(first).toMatchObject(where);
    expect(first.problem).toMatch(problem);
    expect((error as LoadError).message).toContain(where.file!);
    expect(await checksumAllTables(warehouse)).toEqual(before);
    // the refusal is reported in a file beside the warehouse, not in it
    const reports = readdirSync(`${dbPath}.load-errors`);
    expect(reports).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(`${dbPath}.load-errors`, reports[0]), 'utf8')).problems[0]).toMatchObject(where);
    expect(existsSync(dbPath)).toBe(true);
  });
});
