import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findEntityFile } from '../../pipelines/adapters/registry.ts';
import type { EntityMapping } from '../../pipelines/adapters/mapping-spec.ts';
import { ENTITIES } from '../../pipelines/load/canonical-contract.ts';
import { LoadError } from '../../pipelines/load/load-error.ts';
import { stageEntity } from '../../pipelines/load/stage-entity.ts';
import { Warehouse } from '../../server/db/warehouse.ts';

const dir = mkdtempSync(join(tmpdir(), 'leadlens-mapping-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const opportunities = ENTITIES.find((entity) => entity.table === 'opportunities')!;
const context = { crm: 'example', valueMaps: { stage: { 'Won': 'closed_won', 'Open': 'prospecting' } } };

/** Stages a CSV through a mapping and returns the typed rows, or the refusal. */
async function stage(csv: string, mapping: EntityMapping) {
  const path = join(dir, `deals-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(path, csv);
  const warehouse = await Warehouse.open(':memory:', { readers: 1 });
  return warehouse.transaction(async (tx) => {
    await stageEntity(tx, opportunities, path, mapping, context, false);
    return tx.query('select opportunity_id, amount, probability, stage, strftime(close_date, \'%Y-%m-%d\') as close_date from incoming_opportunities order by opportunity_id');
  });
}

describe('the mapping language', () => {
  it('reads the first present of several column names, European amounts, and rounds scaled numbers', async () => {
    const rows = await stage('Deal ID,Betrag,Wahrscheinlichkeit,Phase\nD1,"1.234,50",0.55,Won\nD2,"12,00",0.1,Open\n', {
      file: 'x.csv',
      columns: {
        opportunity_id: { column: ['id', 'Deal ID'] },
        amount: { column: 'Betrag', decimalSeparator: ',' },
        probability: { column: 'Wahrscheinlichkeit', multiply: 100 },
        stage: { column: 'Phase', map: 'stage' },
      },
    });
    // 1.234,50 is one thousand two hundred thirty-four and a half; 0.55 x 100 = 55 exactly
    expect(rows).toEqual([
      { opportunity_id: 'D1', amount: 1234.5, probability: 55, stage: 'closed_won', close_date: null },
      { opportunity_id: 'D2', amount: 12, probability: 10, stage: 'prospecting', close_date: null },
    ]);
  });

  it('parses currency amounts with suffixes and named date formats, and refuses what does not parse', async () => {
    const mapping: EntityMapping = {
      file: 'x.csv',
      columns: { opportunity_id: 'id', amount: { column: 'value', number: 'currency' }, stage: { column: 'stage', map: 'stage' }, close_date: { column: 'closes', formats: ['%d %b, %Y'] } },
    };
    const rows = await stage('id,value,stage,closes\nA,$342.09K,Won,"15 Apr, 2021"\nB,"$1,250.00",Open,"02 Mar, 2024"\n', mapping);
    expect(rows.map((row) => [row.opportunity_id, row.amount, row.close_date])).toEqual([['A', 342090, '2021-04-15'], ['B', 1250, '2024-03-02']]);
    const refusal = await stage('id,value,stage,closes\nA,lots,Won,2021-04-15\n', mapping).catch((error: unknown) => error);
    expect((refusal as LoadError).problems.map((problem) => [problem.row, problem.column, problem.value])).toEqual([
      [2, 'closes (close_date)', '2021-04-15'], [2, 'value (amount)', 'lots'],
    ]);
  });

  it('finds an entity file by glob, ignoring case', () => {
    writeFileSync(join(dir, 'HubSpot-Deals-2025-03-10.csv'), 'id\n');
    expect(findEntityFile(dir, { file: ['deals.csv', 'hubspot-deals-*.csv'], columns: {} })).toBe(join(dir, 'HubSpot-Deals-2025-03-10.csv'));
    expect(findEntityFile(dir, { file: 'contacts*.csv', columns: {} })).toBeNull();
  });
});
