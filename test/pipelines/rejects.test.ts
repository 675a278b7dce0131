import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LoadError } from '../../pipelines/load/load-error.ts';
import { loadSnapshot } from '../../pipelines/load/load-snapshot.ts';
import { FIXTURES, fixtureWarehouse, TWO_SNAPSHOTS } from '../support/fixture-warehouse.ts';

const REJECTS = join(FIXTURES, 'canonical/rejects/2026-04-08');
let cleanup: (() => void) | undefined;
afterEach(() => { cleanup?.(); cleanup = undefined; });

describe('--allow-rejects', () => {
  it('without it, the bad rows refuse the whole load', async () => {
    const fixture = await fixtureWarehouse(join(TWO_SNAPSHOTS, '2026-04-01'));
    cleanup = fixture.cleanup;
    const error = await loadSnapshot(fixture.warehouse, { folder: REJECTS, asOf: '2026-04-08' }).catch((caught: unknown) => caught);
    expect((error as LoadError).problems.map((problem) => [problem.row, problem.column, problem.value])).toEqual([[4, 'amount', '-8000.00'], [8, 'close_date', '2026-06-31']]);
  });

  it('loads the good rows, keeps each rejected row with its reason, and keeps the rejected record as it was', async () => {
    const { warehouse, dbPath, cleanup: done } = await fixtureWarehouse(join(TWO_SNAPSHOTS, '2026-04-01'));
    cleanup = done;
    const report = await loadSnapshot(warehouse, { folder: REJECTS, asOf: '2026-04-08', allowRejects: true });
    expect(report.files.find((file) => file.file === 'opportunities.csv')).toMatchObject({ rows_loaded: 5, rows_rejected: 2 });
    // O6 is new; O2 changed (won); O3's row was rejected: not a deletion, its 04-01 version holds
    expect(report.changes.opportunities).toMatchObject({ created: 1, changed: 1, deleted: 0 });
    const current = await warehouse.query(`select opportunity_id, amount from opportunities where valid_to is null order by opportunity_id`);
    expect(current.map((row) => row.opportunity_id)).toEqual(['O1', 'O2', 'O3', 'O4', 'O5', 'O6']);
    expect(current.find((row) => row.opportunity_id === 'O3')?.amount).toBe(8000);
    const kept = await warehouse.query(`select file, row_number, column_name, value, problem from load_rejects order by row_number`);
    expect(kept).toEqual([
      { file: 'opportunities.csv', row_number: 4, column_name: 'amount', value: '-8000.00', problem: 'negative amount' },
      { file: 'opportunities.csv', row_number: 8, column_name: 'close_date', value: '2026-06-31', problem: 'not a date (YYYY-MM-DD)' },
    ]);
    // and beside the warehouse, as an error file
    const files = readdirSync(`${dbPath}.load-errors`).filter((name) => name.endsWith('-rejected.json'));
    expect(files).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(`${dbPath}.load-errors`, files[0]), 'utf8')).described).toEqual([
      'opportunities.csv, row 4, column amount: negative amount (value "-8000.00")',
      'opportunities.csv, row 8, column close_date: not a date (YYYY-MM-DD) (value "2026-06-31")',
    ]);
  });
});
