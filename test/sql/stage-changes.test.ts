import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../pipelines/config/settings.ts';
import { loadSnapshot } from '../../pipelines/load/load-snapshot.ts';
import type { Warehouse } from '../../server/db/warehouse.ts';
import { fixtureWarehouse, TWO_SNAPSHOTS } from '../support/fixture-warehouse.ts';

const DEV_ORG = resolve(import.meta.dirname, '../../../shared/data/external/salesforce-dev-org-sample');
let warehouse: Warehouse;
let cleanup: () => void;
beforeAll(async () => {
  ({ warehouse, cleanup } = await fixtureWarehouse(TWO_SNAPSHOTS));
  const settings = { ...DEFAULT_SETTINGS, crms: { salesforce: { dateFormats: ['%m/%d/%y'], timestampFormats: ['%m/%d/%y %I:%M %p', '%m/%d/%y'] } } };
  await loadSnapshot(warehouse, { folder: DEV_ORG, asOf: '2026-03-12', settings });
});
afterAll(() => cleanup());

describe('int_opportunity_stage_changes', () => {
  it('takes stage history from Salesforce OpportunityHistory where the export has it', async () => {
    // SOURCE.md: 48 history rows over 36 opportunities. Its note counts 6 Closed Won -> Closed Lost
    // reversals on 03/07/26, but the file's own rows dated 03/07/26 show 7 (grep "03/07/26"): the six
    // stock deals and 006bm00000LKgOnAAL, the deal of a converted lead. The file is the truth.
    const [evidence] = await warehouse.query(`select count(distinct opportunity_id) as opportunities from int_opportunity_stage_changes
      where system = 'salesforce' and evidence = 'crm_history'`);
    expect(evidence.opportunities).toBe(36);
    const reversals = await warehouse.query(`select opportunity_id, strftime(entered_at, '%Y-%m-%d') as day from int_opportunity_stage_changes c
      where system = 'salesforce' and stage = 'closed_lost'
        and exists (select 1 from int_opportunity_stage_changes w where w.system = c.system and w.opportunity_id = c.opportunity_id and w.stage = 'closed_won' and w.left_at = c.entered_at)`);
    expect(reversals).toHaveLength(7);
    expect(new Set(reversals.map((row) => row.day))).toEqual(new Set(['2026-03-07']));
  });

  it('derives stage changes from snapshots where there is no CRM history', async () => {
    // two_snapshots: O2 created 2026-02-20 in proposal, seen won in the 2026-04-08 snapshot
    const o2 = await warehouse.query(`select stage, evidence, strftime(entered_at, '%Y-%m-%d') as entered, strftime(left_at, '%Y-%m-%d') as left_on
      from int_opportunity_stage_changes where system = 'canonical' and opportunity_id = 'O2' order by entered_at`);
    expect(o2).toEqual([
      { stage: 'proposal', evidence: 'snapshots', entered: '2026-02-20', left_on: '2026-04-08' },
      { stage: 'closed_won', evidence: 'snapshots', entered: '2026-04-08', left_on: null },
    ]);
    // O1 never changed stage: one entry, however many snapshots saw it
    const [o1] = await warehouse.query(`select count(*) as entries from int_opportunity_stage_changes where system = 'canonical' and opportunity_id = 'O1'`);
    expect(o1.entries).toBe(1);
  });
});
