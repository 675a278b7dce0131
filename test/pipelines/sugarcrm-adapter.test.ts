import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectMapping } from '../../pipelines/adapters/registry.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../pipelines/config/settings.ts';
import { ingestPath } from '../../pipelines/load/ingest-path.ts';
import { LoadError } from '../../pipelines/load/load-error.ts';
import { loadSnapshot, type LoadReport } from '../../pipelines/load/load-snapshot.ts';
import type { Warehouse } from '../../server/db/warehouse.ts';
import { FIXTURES, fixtureWarehouse, TWO_SNAPSHOTS } from '../support/fixture-warehouse.ts';
import { checksumAllTables } from '../support/warehouse-checksum.ts';
import { funnelCohorts, funnelSteps, winRatesBySource } from '../support/mart-queries.ts';

// Fixture test/fixtures/sugarcrm (see its NOTES.md), worked by hand. Leads are SugarCRM leads;
// status New -> new, Assigned / In Process -> working, Recycled -> nurturing, Converted ->
// converted, Dead -> disqualified. With the default step map, MQL = working, nurturing, qualified
// or converted; SQL = qualified or converted; opportunity = converted flag 1 or an opportunity_id.
// Lead ids end in their number: L01 = a1000000-0000-4000-8000-000000000001, opportunity O01 = b2...01.
//
// 2025-03-03, Q1 2025 cohorts:
//   Jan: L01 Converted (O01 won), L02 Assigned, L03 In Process, L04 New, L09 Converted (O03 lost)
//        -> leads 5, MQL 4 (L01 L02 L03 L09), SQL 2 (L01 L09), opportunity 2, won 1 (L01)
//   Feb: L05 Converted (O02 open), L06 Recycled, L07 Dead, L08 status Converted but converted = 0
//        and no opportunity (a status alone is not a conversion)
//        -> leads 4, MQL 3 (L05 L06 L08), SQL 2 (L05 L08), opportunity 1 (L05), won 0
// 2025-03-10: L03 turns Dead (its history keeps it at MQL), O02 is won on 03-06, L10 (New) is
// created on 03-04: Jan 5 / 4 / 2 / 2 / 1, Feb 4 / 3 / 2 / 1 / 1, Mar 1 / 0 / 0 / 0 / 0
//
// Opportunities closed in Q1 (date_closed; source = the converting lead's lead_source, else the
// opportunity's own): O01 won 12,000 on 02-10 (L01, Web Site); O03 lost 8,000 on 02-21 (L09,
// Web Site); O04 won 3,000 on 03-01 and O05 lost 1,000 on 02-27 (no lead: Existing Customer);
// O02 won 5,000 on 03-06 (L05, Partner), only as of 03-10.
const SUGARCRM = join(FIXTURES, 'sugarcrm');
const Q1 = ['2025-01-01', '2025-03-31'] as const;
const lead = (n: number) => `a1000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;
const opportunity = (n: number) => `b2000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;

let warehouse: Warehouse;
let dir: string;
let cleanup: () => void;
let reports: LoadReport[];
beforeAll(async () => {
  ({ warehouse, dir, cleanup } = await fixtureWarehouse());
  reports = await ingestPath(warehouse, { path: SUGARCRM, settings: DEFAULT_SETTINGS });
});
afterAll(() => cleanup());

const cohorts = (asOf: string) => funnelCohorts(warehouse, asOf, ...Q1);
const steps = (asOf: string) => funnelSteps(warehouse, asOf, ...Q1);
const winRates = (asOf: string) => winRatesBySource(warehouse, asOf, ...Q1);

describe('SugarCRM / SuiteCRM adapter', () => {
  it('is detected from the files and headers, without naming the CRM, and loads the series', () => {
    expect(reports.map((report) => [report.asOf, report.status, report.crm, report.detected, report.system])).toEqual([
      ['2025-03-03', 'loaded', 'sugarcrm', true, 'sugarcrm'],
      ['2025-03-10', 'loaded', 'sugarcrm', true, 'sugarcrm'],
    ]);
    expect(reports[0].changes).toMatchObject({ leads: { created: 9 }, opportunities: { created: 7 }, accounts: { created: 3 }, campaigns: { created: 2 } });
    // second: L10 new, L03 changed (Dead); O02 changed (won); accounts and campaigns unchanged
    expect(reports[1].changes).toMatchObject({
      leads: { created: 1, changed: 1, deleted: 0 }, opportunities: { created: 0, changed: 1, deleted: 0 },
      accounts: { created: 0, changed: 0, deleted: 0 }, campaigns: { created: 0, changed: 0, deleted: 0 },
    });
  });

  it('wins detection over the canonical format, whose file names it shares case-insensitively', () => {
    // Opportunities.csv is opportunities.csv to the canonical detector too: the header decides
    expect(detectMapping(join(SUGARCRM, '2025-03-03')).crm).toBe('sugarcrm');
    expect(detectMapping(join(TWO_SNAPSHOTS, '2026-04-01')).crm).toBe('canonical');
  });

  it('maps status and the converted flag, keeping the raw status; a status of Converted alone is not a conversion', async () => {
    const rows = await warehouse.query(`select lead_id, status, raw_status, is_converted, converted_opportunity_id, converted_account_id, owner
      from leads where valid_to is null and lead_id in ($1, $2, $3, $4) order by lead_id`, [lead(1), lead(3), lead(6), lead(8)]);
    expect(rows).toEqual([
      { lead_id: lead(1), status: 'converted', raw_status: 'Converted', is_converted: true, converted_opportunity_id: opportunity(1), converted_account_id: 'c3000000-0000-4000-8000-000000000001', owner: 'sally' },
      { lead_id: lead(3), status: 'disqualified', raw_status: 'Dead', is_converted: false, converted_opportunity_id: null, converted_account_id: null, owner: 'sally' },
      { lead_id: lead(6), status: 'nurturing', raw_status: 'Recycled', is_converted: false, converted_opportunity_id: null, converted_account_id: null, owner: 'sally' },
      { lead_id: lead(8), status: 'converted', raw_status: 'Converted', is_converted: false, converted_opportunity_id: null, converted_account_id: null, owner: 'sally' },
    ]);
  });

  it('keeps probability 0-100 in the raw table, reads amounts written with a currency sign, and maps stage and type', async () => {
    const rows = await warehouse.query(`select opportunity_id, stage, raw_stage, probability, amount, type, next_step, strftime(close_date, '%Y-%m-%d') as close_date,
        strftime(valid_from, '%Y-%m-%d') as valid_from from opportunities where opportunity_id in ($1, $2, $3) order by opportunity_id, valid_from`,
    [opportunity(2), opportunity(4), opportunity(7)]);
    expect(rows).toEqual([
      // O02: "$5,000.00", Proposal/Price Quote at 65 on 03-03; Closed Won at 100 on 03-10
      { opportunity_id: opportunity(2), stage: 'proposal', raw_stage: 'Proposal/Price Quote', probability: 65, amount: 5000, type: 'new', next_step: 'Send revised quote', close_date: '2025-03-28', valid_from: '2025-03-03' },
      { opportunity_id: opportunity(2), stage: 'closed_won', raw_stage: 'Closed Won', probability: 100, amount: 5000, type: 'new', next_step: null, close_date: '2025-03-06', valid_from: '2025-03-10' },
      { opportunity_id: opportunity(4), stage: 'closed_won', raw_stage: 'Closed Won', probability: 100, amount: 3000, type: 'expansion', next_step: null, close_date: '2025-03-01', valid_from: '2025-03-03' },
      { opportunity_id: opportunity(7), stage: 'negotiation', raw_stage: 'Negotiation/Review', probability: 80, amount: 9500, type: 'new', next_step: 'Legal review', close_date: '2025-04-15', valid_from: '2025-03-03' },
    ]);
    const [staged] = await warehouse.query(`select win_probability from stg_opportunities where opportunity_id = $1 and valid_from = '2025-03-03'`, [opportunity(2)]);
    expect(staged.win_probability).toBeCloseTo(0.65, 10);
    // campaigns: actual_cost "$1,500.00" is the cost; campaign_type the source
    const campaigns = await warehouse.query(`select name, source, cost, strftime(started_on, '%Y-%m-%d') as started_on from campaigns order by name`);
    expect(campaigns).toEqual([
      { name: 'Q1 newsletter', source: 'NewsLetter', cost: 450, started_on: '2025-01-01' },
      { name: 'Spring webinar series', source: 'Web', cost: 1500, started_on: '2025-02-01' },
    ]);
  });

  it('counts each lead at the furthest funnel step its status history reached', async () => {
    expect((await cohorts('2025-03-03')).map((row) => [row.cohort_month, row.leads, row.mqls, row.sqls, row.opportunities, row.won])).toEqual([
      ['2025-01', 5, 4, 2, 2, 1],
      ['2025-02', 4, 3, 2, 1, 0],
    ]);
    expect((await steps('2025-03-03')).map((row) => [row.step, row.records])).toEqual([
      ['lead', 9], ['mql', 7], ['sql', 4], ['opportunity', 3], ['won', 1],
    ]);
    expect((await cohorts('2025-03-10')).map((row) => [row.cohort_month, row.leads, row.mqls, row.sqls, row.opportunities, row.won])).toEqual([
      ['2025-01', 5, 4, 2, 2, 1], // L03 is Dead now, but was In Process on 03-03: still MQL
      ['2025-02', 4, 3, 2, 1, 1],
      ['2025-03', 1, 0, 0, 0, 0],
    ]);
    expect((await steps('2025-03-10')).map((row) => [row.step, row.records])).toEqual([
      ['lead', 10], ['mql', 7], ['sql', 4], ['opportunity', 3], ['won', 2],
    ]);
  });

  it('gives win rate by count and amount per source', async () => {
    const early = Object.fromEntries((await winRates('2025-03-03')).map((row) => [row.source, row]));
    expect(Object.keys(early).sort()).toEqual(['All sources', 'Existing Customer', 'Web Site']);
    // Web Site: 1 of 2; 12,000 / 20,000 = 0.6. Existing Customer: 1 of 2; 3,000 / 4,000 = 0.75
    expect(early['Web Site']).toMatchObject({ won: 1, lost: 1, won_amount: 12000, lost_amount: 8000, win_rate: 0.5, win_rate_by_amount: 0.6 });
    expect(early['Existing Customer']).toMatchObject({ won: 1, lost: 1, won_amount: 3000, lost_amount: 1000, win_rate: 0.5, win_rate_by_amount: 0.75 });
    // total: 2 of 4; 15,000 / 24,000 = 0.625
    expect(early['All sources']).toMatchObject({ won: 2, lost: 2, won_amount: 15000, lost_amount: 9000, win_rate: 0.5, win_rate_by_amount: 0.625 });

    const late = Object.fromEntries((await winRates('2025-03-10')).map((row) => [row.source, row]));
    expect(late.Partner).toMatchObject({ won: 1, lost: 0, won_amount: 5000, win_rate: 1, win_rate_by_amount: 1 });
    // total: 3 of 5 = 0.6; 20,000 / 29,000
    expect(late['All sources']).toMatchObject({ won: 3, lost: 2, won_amount: 20000, lost_amount: 9000, win_rate: 0.6 });
    expect(late['All sources'].win_rate_by_amount).toBeCloseTo(20000 / 29000, 10);
  });

  it('refuses a sales stage the map does not know, naming file, row, column, value and config key; a config map loads it', async () => {
    // a custom dropdown value added to sales_stage; row 9 = header + 7 opportunities + 1
    const folder = join(dir, 'custom-stage');
    mkdirSync(folder);
    for (const file of readdirSync(join(SUGARCRM, '2025-03-10'))) copyFileSync(join(SUGARCRM, '2025-03-10', file), join(folder, file));
    const line = `"${opportunity(8)}","Tyrell - expansion","2025-03-11 09:00:00","2025-03-11 09:00:00","Tyrell Corp","Existing Business","Existing Customer","$7,250.50","-99","2025-04-30","Verbal yes","Verbal Commit","85","","f6000000-0000-4000-8000-000000000002","max","0"\r\n`;
    writeFileSync(join(folder, 'Opportunities.csv'), `${readFileSync(join(folder, 'Opportunities.csv'), 'utf8')}${line}`);

    const before = await checksumAllTables(warehouse);
    const error = await loadSnapshot(warehouse, { folder, asOf: '2025-03-17', settings: DEFAULT_SETTINGS }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LoadError);
    expect((error as LoadError).problems).toEqual([
      expect.objectContaining({ file: 'Opportunities.csv', row: 9, column: 'sales_stage (stage)', value: 'Verbal Commit' }),
    ]);
    expect((error as LoadError).problems[0].problem).toContain('crms.sugarcrm.valueMaps.salesStage');
    expect((error as LoadError).message).toContain('Opportunities.csv, column sales_stage (stage): unknown value "Verbal Commit"');
    expect(await checksumAllTables(warehouse)).toEqual(before);

    const settings: Settings = { ...DEFAULT_SETTINGS, crms: { sugarcrm: { valueMaps: { salesStage: { 'Verbal Commit': 'negotiation' } } } } };
    const report = await loadSnapshot(warehouse, { folder, asOf: '2025-03-17', settings });
    expect(report).toMatchObject({ status: 'loaded', crm: 'sugarcrm', detected: true, changes: { opportunities: { created: 1, changed: 0 } } });
    const [deal] = await warehouse.query(`select stage, raw_stage, probability, amount, type from opportunities where opportunity_id = $1`, [opportunity(8)]);
    expect(deal).toEqual({ stage: 'negotiation', raw_stage: 'Verbal Commit', probability: 85, amount: 7250.5, type: 'expansion' });
  });
});
