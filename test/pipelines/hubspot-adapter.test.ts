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

// Fixture test/fixtures/hubspot (see its NOTES.md), worked by hand. Contacts are leads; the
// lifecycle stage gives the furthest step: subscriber/lead/other -> lead only, marketingqualifiedlead
// -> MQL, salesqualifiedlead -> SQL (and so MQL), opportunity/customer -> converted (opportunity).
// Every hubspotscore is below the MQL threshold of 50, so no step comes from the score.
//
// 2025-03-03, Q1 2025 cohorts:
//   Jan: 101 customer (deal 9001 won), 102 lead, 103 MQL, 109 opportunity (deal 9003 lost)
//        -> leads 4, MQL 3 (101 103 109), SQL 2 (101 109), opportunity 2, won 1 (101)
//   Feb: 105 opportunity (deal 9002 open), 106 SQL (never MQL), 107 subscriber, 108 other
//        -> leads 4, MQL 2 (105 106), SQL 2, opportunity 1 (105), won 0
// 2025-03-10: 102 goes lead -> salesqualifiedlead (skipping MQL), deal 9002 is won on 03-07 and
// 105 becomes a customer, 110 (lead) is created on 03-05:
//   Jan 4 / 4 / 3 / 2 / 1, Feb 4 / 2 / 2 / 1 / 1, Mar 1 / 0 / 0 / 0 / 0
//
// Deals closed in Q1 (closedate; source = the contact's hs_analytics_source, else the deal's):
//   9001 won 12,000 on 02-14, contact 101 ORGANIC_SEARCH (the deal itself says OTHER_CAMPAIGNS)
//   9003 lost 8,000 on 02-20, contact 109 PAID_SOCIAL
//   9004 won 3,000 on 03-01 and 9005 lost 1,000 on 02-27, no contact: the deals' own OFFLINE
//   9002 won 5,000 on 03-07 (only as of 03-10), contact 105 REFERRALS
const HUBSPOT = join(FIXTURES, 'hubspot');
const Q1 = ['2025-01-01', '2025-03-31'] as const;

let warehouse: Warehouse;
let dir: string;
let cleanup: () => void;
let reports: LoadReport[];
beforeAll(async () => {
  ({ warehouse, dir, cleanup } = await fixtureWarehouse());
  reports = await ingestPath(warehouse, { path: HUBSPOT, settings: DEFAULT_SETTINGS });
});
afterAll(() => cleanup());

const cohorts = (asOf: string) => funnelCohorts(warehouse, asOf, ...Q1);
const steps = (asOf: string) => funnelSteps(warehouse, asOf, ...Q1);
const winRates = (asOf: string) => winRatesBySource(warehouse, asOf, ...Q1);

/** The 2025-03-10 snapshot with one more deal line, in a folder of its own. */
function snapshotWithExtraDeal(name: string, line: string): string {
  const folder = join(dir, name);
  mkdirSync(folder);
  for (const file of readdirSync(join(HUBSPOT, '2025-03-10'))) copyFileSync(join(HUBSPOT, '2025-03-10', file), join(folder, file));
  writeFileSync(join(folder, 'deals.csv'), `${readFileSync(join(folder, 'deals.csv'), 'utf8')}${line}\n`);
  return folder;
}

describe('HubSpot adapter', () => {
  it('is detected from the files and headers, without naming the CRM, and loads the series', () => {
    expect(reports.map((report) => [report.asOf, report.status, report.crm, report.detected, report.system])).toEqual([
      ['2025-03-03', 'loaded', 'hubspot', true, 'hubspot'],
      ['2025-03-10', 'loaded', 'hubspot', true, 'hubspot'],
    ]);
    // first: 8 contacts, 7 deals, 4 companies, 4 stage changes; second: contact 110 new, 102 and 105
    // changed, deal 9002 changed, one more stage change (9002 closedwon)
    expect(reports[0].changes).toMatchObject({
      leads: { created: 8 }, opportunities: { created: 7 }, accounts: { created: 4 }, opportunity_stage_history: { created: 4 },
    });
    expect(reports[1].changes).toMatchObject({
      leads: { created: 1, changed: 2, deleted: 0 }, opportunities: { created: 0, changed: 1, deleted: 0 },
      accounts: { created: 0, changed: 0 }, opportunity_stage_history: { created: 1, deleted: 0 },
    });
  });

  it('does not take the canonical or Salesforce formats for HubSpot, nor HubSpot for them', () => {
    expect(detectMapping(join(HUBSPOT, '2025-03-03')).crm).toBe('hubspot');
    expect(detectMapping(join(TWO_SNAPSHOTS, '2026-04-01')).crm).toBe('canonical');
    const salesforce = join(dir, 'salesforce-shaped');
    mkdirSync(salesforce);
    writeFileSync(join(salesforce, 'Lead.csv'), 'Id,CreatedDate,Status,IsConverted\n');
    writeFileSync(join(salesforce, 'Opportunity.csv'), 'Id,CreatedDate,StageName,Amount\n');
    writeFileSync(join(salesforce, 'Contacts.csv'), 'Id,AccountId,FirstName,LastName\n');
    expect(detectMapping(salesforce).crm).toBe('salesforce');
  });

  it('maps lifecycle stages to status and conversion, keeping the raw stage', async () => {
    const rows = await warehouse.query(`select lead_id, status, raw_status, is_converted, converted_opportunity_id, employees
      from leads where valid_to is null and lead_id in ('101', '103', '106', '107', '108', '109') order by lead_id`);
    expect(rows).toEqual([
      // numemployees is a band: 25-50 -> 25, 50-100 -> 50, 500-1000 -> 500, 1-5 -> 1, 100-500 -> 100
      { lead_id: '101', status: 'converted', raw_status: 'customer', is_converted: true, converted_opportunity_id: '9001', employees: 25 },
      { lead_id: '103', status: 'working', raw_status: 'marketingqualifiedlead', is_converted: false, converted_opportunity_id: null, employees: 50 },
      { lead_id: '106', status: 'qualified', raw_status: 'salesqualifiedlead', is_converted: false, converted_opportunity_id: null, employees: 500 },
      { lead_id: '107', status: 'new', raw_status: 'subscriber', is_converted: false, converted_opportunity_id: null, employees: null },
      { lead_id: '108', status: 'new', raw_status: 'other', is_converted: false, converted_opportunity_id: null, employees: 1 },
      { lead_id: '109', status: 'converted', raw_status: 'opportunity', is_converted: true, converted_opportunity_id: '9003', employees: 100 },
    ]);
    // both timestamp forms HubSpot writes are read as UTC
    const created = await warehouse.query(`select lead_id, strftime(created_at, '%Y-%m-%d %H:%M') as created_at from leads where lead_id in ('101', '102') and valid_to is null order by lead_id`);
    expect(created).toEqual([{ lead_id: '101', created_at: '2025-01-06 09:00' }, { lead_id: '102', created_at: '2025-01-13 10:30' }]);
  });

  it('stores the 0-1 deal probability as 0-100 in the raw table, and stages through the default pipeline map', async () => {
    const rows = await warehouse.query(`select opportunity_id, stage, raw_stage, probability, type, is_closed, is_won, strftime(close_date, '%Y-%m-%d') as close_date,
        strftime(valid_from, '%Y-%m-%d') as valid_from from opportunities where opportunity_id in ('9002', '9006', '9007', '9005') order by opportunity_id, valid_from`);
    expect(rows).toEqual([
      // 9002: presentationscheduled at 0.6 on 03-03 -> 60; closedwon at 1 on 03-10 -> 100
      { opportunity_id: '9002', stage: 'value_proposition', raw_stage: 'presentationscheduled', probability: 60, type: 'new', is_closed: false, is_won: false, close_date: '2025-03-28', valid_from: '2025-03-03' },
      { opportunity_id: '9002', stage: 'closed_won', raw_stage: 'closedwon', probability: 100, type: 'new', is_closed: true, is_won: true, close_date: '2025-03-07', valid_from: '2025-03-10' },
      { opportunity_id: '9005', stage: 'closed_lost', raw_stage: 'closedlost', probability: 0, type: 'expansion', is_closed: true, is_won: false, close_date: '2025-02-27', valid_from: '2025-03-03' },
      { opportunity_id: '9006', stage: 'qualification', raw_stage: 'appointmentscheduled', probability: 20, type: 'new', is_closed: false, is_won: false, close_date: '2025-04-30', valid_from: '2025-03-03' },
      { opportunity_id: '9007', stage: 'proposal', raw_stage: 'contractsent', probability: 90, type: 'new', is_closed: false, is_won: false, close_date: '2025-04-15', valid_from: '2025-03-03' },
    ]);
    // staging normalises once to a fraction: 60 -> 0.6
    const [staged] = await warehouse.query(`select win_probability from stg_opportunities where opportunity_id = '9002' and valid_from = '2025-03-03'`);
    expect(staged.win_probability).toBeCloseTo(0.6, 10);
    const [lost] = await warehouse.query(`select lost_reason, account_id from opportunities where opportunity_id = '9003'`);
    expect(lost).toEqual({ lost_reason: 'Went with a competitor', account_id: '5003' });
  });

  it('reads the deal stage history file into the CRM stage history', async () => {
    const rows = await warehouse.query(`select stage, raw_stage, strftime(changed_at, '%Y-%m-%d %H:%M') as changed_at from opportunity_stage_history
      where opportunity_id = '9002' and valid_to is null order by changed_at`);
    expect(rows).toEqual([
      { stage: 'qualification', raw_stage: 'appointmentscheduled', changed_at: '2025-02-12 09:00' },
      { stage: 'value_proposition', raw_stage: 'presentationscheduled', changed_at: '2025-02-24 15:30' },
      { stage: 'closed_won', raw_stage: 'closedwon', changed_at: '2025-03-07 11:00' },
    ]);
  });

  it('counts each contact at the furthest funnel step its lifecycle stage reached', async () => {
    expect((await cohorts('2025-03-03')).map((row) => [row.cohort_month, row.leads, row.mqls, row.sqls, row.opportunities, row.won])).toEqual([
      ['2025-01', 4, 3, 2, 2, 1],
      ['2025-02', 4, 2, 2, 1, 0], // 106 skipped MQL and still counts there
    ]);
    expect((await steps('2025-03-03')).map((row) => [row.step, row.records])).toEqual([
      ['lead', 8], ['mql', 5], ['sql', 4], ['opportunity', 3], ['won', 1],
    ]);
    // 102 jumped lead -> salesqualifiedlead: MQL and SQL; 105's deal won; 110 is a March lead
    expect((await cohorts('2025-03-10')).map((row) => [row.cohort_month, row.leads, row.mqls, row.sqls, row.opportunities, row.won])).toEqual([
      ['2025-01', 4, 4, 3, 2, 1],
      ['2025-02', 4, 2, 2, 1, 1],
      ['2025-03', 1, 0, 0, 0, 0],
    ]);
    expect((await steps('2025-03-10')).map((row) => [row.step, row.records])).toEqual([
      ['lead', 9], ['mql', 6], ['sql', 5], ['opportunity', 3], ['won', 2],
    ]);
  });

  it('gives win rate by count and amount per source, attributing a deal to its contact', async () => {
    const early = Object.fromEntries((await winRates('2025-03-03')).map((row) => [row.source, row]));
    expect(Object.keys(early).sort()).toEqual(['All sources', 'OFFLINE', 'ORGANIC_SEARCH', 'PAID_SOCIAL']);
    expect(early.ORGANIC_SEARCH).toMatchObject({ won: 1, lost: 0, won_amount: 12000, win_rate: 1, win_rate_by_amount: 1 });
    expect(early.PAID_SOCIAL).toMatchObject({ won: 0, lost: 1, lost_amount: 8000, win_rate: 0, win_rate_by_amount: 0 });
    // OFFLINE: 1 of 2; 3,000 / (3,000 + 1,000) = 0.75
    expect(early.OFFLINE).toMatchObject({ won: 1, lost: 1, won_amount: 3000, lost_amount: 1000, win_rate: 0.5, win_rate_by_amount: 0.75 });
    // total: 2 of 4 = 0.5; 15,000 / 24,000 = 0.625
    expect(early['All sources']).toMatchObject({ won: 2, lost: 2, won_amount: 15000, lost_amount: 9000, win_rate: 0.5, win_rate_by_amount: 0.625 });

    const late = Object.fromEntries((await winRates('2025-03-10')).map((row) => [row.source, row]));
    expect(late.REFERRALS).toMatchObject({ won: 1, lost: 0, won_amount: 5000, win_rate: 1 });
    // total: 3 of 5 = 0.6; 20,000 / 29,000
    expect(late['All sources']).toMatchObject({ won: 3, lost: 2, won_amount: 20000, lost_amount: 9000, win_rate: 0.6 });
    expect(late['All sources'].win_rate_by_amount).toBeCloseTo(20000 / 29000, 10);
  });

  it('refuses a deal stage the map does not know, naming file, row, column, value and config key; a config map loads it', async () => {
    // a deal in a custom pipeline: HubSpot gives its stages numeric ids. Row 9 = header + 7 deals + 1.
    const folder = snapshotWithExtraDeal('custom-pipeline',
      '9008,Nova Group - enterprise,2025-03-11T09:00:00Z,12345678,98765432,0.7,20000,USD,2025-05-30T00:00:00Z,false,false,newbusiness,71001,ORGANIC_SEARCH,,');
    const before = await checksumAllTables(warehouse);
    const error = await loadSnapshot(warehouse, { folder, asOf: '2025-03-17', settings: DEFAULT_SETTINGS }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LoadError);
    expect((error as LoadError).problems).toEqual([
      expect.objectContaining({ file: 'deals.csv', row: 9, column: 'dealstage (stage)', value: '98765432' }),
    ]);
    expect((error as LoadError).problems[0].problem).toContain('crms.hubspot.valueMaps.dealStage');
    expect((error as LoadError).message).toContain('deals.csv, column dealstage (stage): unknown value "98765432"');
    expect(await checksumAllTables(warehouse)).toEqual(before);

    const settings: Settings = { ...DEFAULT_SETTINGS, crms: { hubspot: { valueMaps: { dealStage: { 98765432: 'negotiation' } } } } };
    const report = await loadSnapshot(warehouse, { folder, asOf: '2025-03-17', settings });
    expect(report).toMatchObject({ status: 'loaded', crm: 'hubspot', detected: true, changes: { opportunities: { created: 1, changed: 0 } } });
    const [deal] = await warehouse.query(`select stage, raw_stage, probability from opportunities where opportunity_id = '9008'`);
    expect(deal).toEqual({ stage: 'negotiation', raw_stage: '98765432', probability: 70 });
  });

  it('names both lifecycle maps when a custom lifecycle stage is unknown', async () => {
    const folder = join(dir, 'custom-lifecycle');
    mkdirSync(folder);
    writeFileSync(join(folder, 'contacts.csv'), 'hs_object_id,createdate,lifecyclestage\n201,2025-03-12T09:00:00Z,1029384756\n');
    const error = await loadSnapshot(warehouse, { folder, asOf: '2025-03-24', system: 'hubspot-trial', settings: DEFAULT_SETTINGS }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LoadError);
    const problems = (error as LoadError).problems;
    expect(problems.map((problem) => [problem.row, problem.column, problem.value])).toEqual([
      [2, 'lifecyclestage (is_converted)', '1029384756'],
      [2, 'lifecyclestage (status)', '1029384756'],
    ]);
    expect(problems.map((problem) => problem.problem.match(/crms\.hubspot\.valueMaps\.\w+/)?.[0])).toEqual([
      'crms.hubspot.valueMaps.lifecycleConverted', 'crms.hubspot.valueMaps.lifecycleStatus',
    ]);
  });
});
