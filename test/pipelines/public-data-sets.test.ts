import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../pipelines/config/settings.ts';
import { LoadError } from '../../pipelines/load/load-error.ts';
import { loadSnapshot, type LoadReport, type SnapshotOptions } from '../../pipelines/load/load-snapshot.ts';
import type { Warehouse } from '../../server/db/warehouse.ts';
import { fixtureWarehouse } from '../support/fixture-warehouse.ts';

// Public CRM data sets, read in place: CI checks ../shared out beside the clone. Each folder's
// SOURCE.md says where the set comes from and which figures are published with it; the expected
// values below are those figures (or counts taken from the raw CSV by another route, said where).
const EXTERNAL = resolve(import.meta.dirname, '../../../shared/data/external');
const MAPPINGS = resolve(import.meta.dirname, '../../data/mappings');

interface Loaded { warehouse: Warehouse; report: LoadReport; cleanup: () => void }

/** A fresh warehouse with one data set loaded; settings are explicit so no local config leaks in. */
async function load(dataSet: string, options: Omit<SnapshotOptions, 'folder'>): Promise<Loaded> {
  const { warehouse, cleanup } = await fixtureWarehouse();
  try {
    const report = await loadSnapshot(warehouse, { settings: DEFAULT_SETTINGS, ...options, folder: join(EXTERNAL, dataSet) });
    return { warehouse, report, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}

const rowsLoaded = (report: LoadReport) => Object.fromEntries(report.files.map((file) => [file.file, file.rows_loaded]));
const totalRow = async (warehouse: Warehouse, asOf: string) =>
  (await warehouse.query(`select * from win_rate_by_source($1::date, null, null) where is_total`, [asOf]))[0];
const countsBy = async (warehouse: Warehouse, sql: string) =>
  Object.fromEntries((await warehouse.query(sql)).map((row) => [String(row.key), Number(row.n)]));

describe('Maven CRM sales opportunities, with data/mappings/maven-crm.map.json', () => {
  const AS_OF = '2018-01-01'; // after the last close date, 2017-12-31
  let maven: Loaded;
  beforeAll(async () => { maven = await load('maven-crm-sales-opportunities', { asOf: AS_OF, mappingFile: join(MAPPINGS, 'maven-crm.map.json') }); });
  afterAll(() => maven?.cleanup());

  it('loads every row of the three files under its own system, rejecting none', () => {
    // SOURCE.md: sales_pipeline.csv 8,800 rows, accounts.csv 85, sales_teams.csv 35
    expect(rowsLoaded(maven.report)).toEqual({ 'sales_pipeline.csv': 8800, 'accounts.csv': 85, 'sales_teams.csv': 35 });
    expect(maven.report.rejected).toEqual([]);
    expect(maven.report.system).toBe('maven-crm');
  });

  it('gives the published win rate and won revenue, period all', async () => {
    // SOURCE.md: Won 4,238, Lost 2,473; win rate won / (won + lost) = 63.15% (public READMEs
    // "63.15%"; 48.2% = won / all 8,800 is the definitional trap); won revenue $10,005,534
    const total = await totalRow(maven.warehouse, AS_OF);
    expect(total).toMatchObject({ won: 4238, lost: 2473, closed: 6711, won_amount: 10005534 });
    expect(Number(total.win_rate)).toBeCloseTo(0.6315, 4);
    // lost deals carry close_value 0 (SOURCE.md), so the rate by amount is 100%: it means nothing here
    expect(total).toMatchObject({ lost_amount: 0, win_rate_by_amount: 1 });
  });

  it('keeps the open stages as exported, Engaging as qualification', async () => {
    // SOURCE.md: Engaging 1,589, Prospecting 500; close_date empty on the 2,089 open rows,
    // engage_date (created_at) empty on the 500 Prospecting rows
    const byStage = await countsBy(maven.warehouse, `select raw_stage || ' -> ' || stage as key, count(*) as n from opportunities where valid_to is null group by all`);
    expect(byStage).toEqual({ 'Won -> closed_won': 4238, 'Lost -> closed_lost': 2473, 'Engaging -> qualification': 1589, 'Prospecting -> prospecting': 500 });
    const [gaps] = await maven.warehouse.query(`select count(*) filter (where close_date is null) as open_without_close,
      count(*) filter (where created_at is null) as without_engage_date from opportunities where valid_to is null`);
    expect(gaps).toEqual({ open_without_close: 2089, without_engage_date: 500 });
  });

  it('gives the published won cycle time (direct query: no cycle-time mart yet)', async () => {
    // SOURCE.md: cycle close_date - engage_date, Won: mean 51.78 d, median 57 d, min 1, max 138; Lost: mean 41.48 d.
    // There is no cycle-time mart yet, so this reads the loaded opportunities table directly; it moves
    // to the mart (DESIGN section 5: median, p75, p90 by quantile_cont) when that exists.
    const [won] = await maven.warehouse.query(`select quantile_cont(days, 0.5) as median, avg(days) as mean, min(days) as min, max(days) as max
      from (select date_diff('day', created_at, close_date) as days from opportunities where valid_to is null and stage = 'closed_won')`);
    expect(won).toMatchObject({ median: 57, min: 1, max: 138 });
    expect(Number(won.mean)).toBeCloseTo(51.78, 2);
    const [lost] = await maven.warehouse.query(`select avg(date_diff('day', created_at, close_date)) as mean from opportunities where valid_to is null and stage = 'closed_lost'`);
    expect(Number(lost.mean)).toBeCloseTo(41.48, 2);
  });
});

describe('X Education lead scoring, with data/mappings/x-education.map.json', () => {
  const AS_OF = '2026-01-01'; // the set has no dates: any as-of date will do
  let xed: Loaded;
  beforeAll(async () => { xed = await load('x-education-lead-scoring', { asOf: AS_OF, mappingFile: join(MAPPINGS, 'x-education.map.json') }); });
  afterAll(() => xed?.cleanup());

  it('loads all 9,240 leads and nothing else', async () => {
    expect(rowsLoaded(xed.report)).toEqual({ 'Leads.csv': 9240 });
    expect(xed.report.rejected).toEqual([]);
    const [counts] = await xed.warehouse.query(`select (select count(*) from leads) as leads, (select count(*) from opportunities) as opportunities`);
    expect(counts).toEqual({ leads: 9240, opportunities: 0 });
  });

  it('gives the published conversion, period all, in the one undated cohort', async () => {
    // SOURCE.md: Converted 3,561 / 9,240 = 38.54% (arunadurai notebook: 38.53896...). A lead is
    // converted when its flag is true (DESIGN section 3); with no dates the cohort is '(no date)'.
    const cohorts = await xed.warehouse.query(`select cohort_month, leads, opportunities, conversion_rate from funnel_by_cohort($1::date, null, null, null)`, [AS_OF]);
    expect(cohorts).toEqual([expect.objectContaining({ cohort_month: '(no date)', leads: 9240, opportunities: 3561 })]);
    expect(Number(cohorts[0].conversion_rate)).toBeCloseTo(0.3854, 4);
    expect(Number(cohorts[0].conversion_rate)).toBeCloseTo(0.3853896, 6);
  });

  it('leaves undated leads out of any dated period', async () => {
    // DESIGN section 3: a record that lacks the date a figure needs is left out of it, except with period all
    expect(await xed.warehouse.query(`select * from funnel_by_cohort($1::date, '2025-01-01'::date, '2025-12-31'::date, null)`, [AS_OF])).toEqual([]);
  });
});

describe('Zoho CRM sample, with data/mappings/zoho-crm.map.json', () => {
  const AS_OF = '2021-06-01'; // after the last date in the set (closing 2021-05-20)
  const ZOHO = join(EXTERNAL, 'zoho-crm-sample');
  let zoho: Loaded;
  beforeAll(async () => { zoho = await load('zoho-crm-sample', { asOf: AS_OF, mappingFile: join(MAPPINGS, 'zoho-crm.map.json') }); });
  afterAll(() => zoho?.cleanup());

  it('loads every row of every file without --allow-rejects, rejecting none', async () => {
    // SOURCE.md: Leads 3,900, Potentials 3,632, Campaigns 110, Accounts 2,229, Contacts 1,265, Users 11
    expect(rowsLoaded(zoho.report)).toEqual({
      'Leads.csv': 3900, 'Potentials.csv': 3632, 'Accounts.csv': 2229, 'Contacts.csv': 1265, 'Users.csv': 11, 'Campaigns.csv': 110,
    });
    expect(zoho.report.rejected).toEqual([]);
    expect(await zoho.warehouse.query(`select * from rejected_rows`)).toEqual([]);
  });

  it('reads "15 Apr, 2021 00:03:00" by its declared format: the published date ranges', async () => {
    // SOURCE.md: leads created 2018-07-02 .. 2021-04-15; potentials created 2018-08-04 .. 2021-04-15, closing 2019-11-11 .. 2021-05-20
    const [ranges] = await zoho.warehouse.query(`select
      (select strftime(min(created_at), '%Y-%m-%d') || ' .. ' || strftime(max(created_at), '%Y-%m-%d') from leads) as leads_created,
      (select strftime(min(created_at), '%Y-%m-%d') || ' .. ' || strftime(max(created_at), '%Y-%m-%d') from opportunities) as potentials_created,
      (select strftime(min(close_date), '%Y-%m-%d') || ' .. ' || strftime(max(close_date), '%Y-%m-%d') from opportunities) as potentials_closing`);
    expect(ranges).toEqual({ leads_created: '2018-07-02 .. 2021-04-15', potentials_created: '2018-08-04 .. 2021-04-15', potentials_closing: '2019-11-11 .. 2021-05-20' });
  });

  it('counts potentials per stage and the win rate as the raw file does', async () => {
    // Counted from Potentials.csv by DuckDB's reader: Closed Won 1,425, Closed Lost 485,
    // Qualification 698, Needs Analysis 296, Initial Offer 283, Prospect 245, Proposal/Price Quote 136, Negotiation/Review 64
    const fromFile = await countsBy(zoho.warehouse, `select Stage as key, count(*) as n from ${rawFrom('Potentials.csv')} group by all`);
    expect(fromFile).toEqual({
      'Closed Won': 1425, 'Closed Lost': 485, Qualification: 698, 'Needs Analysis': 296, 'Initial Offer': 283, Prospect: 245,
      'Proposal/Price Quote': 136, 'Negotiation/Review': 64,
    });
    expect(await countsBy(zoho.warehouse, `select raw_stage as key, count(*) as n from opportunities where valid_to is null group by all`)).toEqual(fromFile);
    const total = await totalRow(zoho.warehouse, AS_OF);
    expect(total).toMatchObject({ won: fromFile['Closed Won'], lost: fromFile['Closed Lost'], closed: 1910 });
    // won revenue: the raw "$22,700.00" strings summed here in TypeScript, not by the loader's currency rule
    const wonAmounts = await zoho.warehouse.query(`select Amount as amount from ${rawFrom('Potentials.csv')} where Stage = 'Closed Won'`);
    expect(Number(total.won_amount)).toBeCloseTo(sumMoney(wonAmounts.map((row) => String(row.amount))), 2);
  });

  it('reads campaign costs written "$342.09K" and "$1,117.10K"', async () => {
    const costs = await zoho.warehouse.query(`select "Actual Cost" as cost from ${rawFrom('Campaigns.csv')}`);
    expect(costs).toHaveLength(110);
    const [loaded] = await zoho.warehouse.query(`select sum(cost) as cost, count(cost) as n from campaigns where valid_to is null`);
    expect(loaded.n).toBe(110);
    expect(Number(loaded.cost)).toBeCloseTo(sumMoney(costs.map((row) => String(row.cost))), 2);
  });

  it('converts the leads the file says converted, and follows them to won', async () => {
    // SOURCE.md: every potential has a LEADID, all distinct and all in Leads; CONVERTED Yes on the same leads
    const [file] = await zoho.warehouse.query(`select count(*) filter (where CONVERTED = 'Yes') as converted from ${rawFrom('Leads.csv')}`);
    expect(file.converted).toBe(3632);
    const steps = await countsBy(zoho.warehouse, `select step as key, records as n from funnel_steps('${AS_OF}'::date, null, null, null)`);
    expect(steps).toMatchObject({ lead: 3900, opportunity: 3632, won: 1425 });
  });

  it('keeps its oddities as exported, for the audit to report, instead of hiding or fixing them', async () => {
    // There is no audit mart yet: rules H4 (broken conversions) and H6 (fields that contradict the stage)
    // of DESIGN section 6 will read exactly these. Each count is taken twice: from the raw file and
    // from the loaded tables, so a mapping that dropped or "corrected" such rows would fail here.
    // 1. converted leads whose status says junk or lost
    const fileJunk = await countsBy(zoho.warehouse, `select "Lead Status" as key, count(*) as n from ${rawFrom('Leads.csv')} where CONVERTED = 'Yes' and "Lead Status" in ('Junk Lead', 'Lost Lead') group by all`);
    expect(fileJunk).toEqual({ 'Junk Lead': 366, 'Lost Lead': 371 });
    expect(await countsBy(zoho.warehouse, `select raw_status as key, count(*) as n from leads where valid_to is null and is_converted and status = 'disqualified' group by all`)).toEqual(fileJunk);
    // 2. probability against stage: open at 0%, won below 100%, lost above 0%
    const [fileProbability] = await zoho.warehouse.query(`select
      count(*) filter (where Stage not like 'Closed%' and Probability::int = 0) as open_at_0,
      count(*) filter (where Stage = 'Closed Won' and Probability::int < 100) as won_below_100,
      count(*) filter (where Stage = 'Closed Lost' and Probability::int > 0) as lost_above_0 from ${rawFrom('Potentials.csv')}`);
    expect(fileProbability).toEqual({ open_at_0: 243, won_below_100: 857, lost_above_0: 406 });
    const [loadedProbability] = await zoho.warehouse.query(`select
      count(*) filter (where stage not like 'closed%' and probability = 0) as open_at_0,
      count(*) filter (where stage = 'closed_won' and probability < 100) as won_below_100,
      count(*) filter (where stage = 'closed_lost' and probability > 0) as lost_above_0 from opportunities where valid_to is null`);
    expect(loadedProbability).toEqual(fileProbability);
    // 3. potentials created before the lead they came from
    const [fileEarly] = await zoho.warehouse.query(`select count(*) as n from ${rawFrom('Potentials.csv')} p join ${rawFrom('Leads.csv')} l using (LEADID)
      where strptime(p."Created Time", '%d %b, %Y %H:%M:%S') < strptime(l."Created Time", '%d %b, %Y %H:%M:%S')`);
    expect(fileEarly.n).toBe(1819);
    const [loadedEarly] = await zoho.warehouse.query(`select count(*) as n from opportunities o join leads l on l.system = o.system and l.lead_id = o.lead_id
      where o.valid_to is null and l.valid_to is null and o.created_at < l.created_at`);
    expect(loadedEarly.n).toBe(fileEarly.n);
    // 4. the same source spelt two ways: kept as written (first touch takes the lead's spelling)
    const sources = await countsBy(zoho.warehouse, `select 'opportunities: ' || source as key, count(*) as n from opportunities where valid_to is null and source ilike 'online%' group by all
      union all select 'leads: ' || source, count(*) from leads where valid_to is null and source ilike 'online%' group by all`);
    expect(sources).toEqual({ 'opportunities: OnlineStore': 369, 'leads: Online Store': 370 });
  });

  /** The raw export as a table expression: DuckDB's own CSV reader, every value as text, not through the mapping. */
  function rawFrom(file: string): string {
    return `read_csv('${join(ZOHO, file).replaceAll("'", "''")}', header = true, all_varchar = true)`;
  }
});

describe('Salesforce Developer Edition sample, through the built-in salesforce adapter', () => {
  const AS_OF = '2026-03-12'; // the source repo's commit date
  const FOLDER = 'salesforce-dev-org-sample';
  // a spreadsheet re-saved export: its user names the formats in config (an ambiguous format is never guessed)
  const SETTINGS: Settings = {
    ...DEFAULT_SETTINGS,
    crms: { salesforce: { dateFormats: ['%m/%d/%y'], timestampFormats: ['%m/%d/%y %I:%M %p', '%m/%d/%y'] } },
  };
  let sf: Loaded;
  beforeAll(async () => { sf = await load(FOLDER, { asOf: AS_OF, settings: SETTINGS }); });
  afterAll(() => sf?.cleanup());

  it('is detected as Salesforce and loads whole', () => {
    expect(sf.report).toMatchObject({ crm: 'salesforce', detected: true, system: 'salesforce', rejected: [] });
    // SOURCE.md: Opportunity 36, OpportunityHistory 48, Lead 22, Account 18, Contact 25
    expect(rowsLoaded(sf.report)).toEqual({ 'Lead.csv': 22, 'Opportunity.csv': 36, 'OpportunityHistory.csv': 48, 'Account.csv': 18, 'Contact.csv': 25 });
  });

  it('gives the published win rate, period all: 12 of 20 by count, 77.2% by amount', async () => {
    // SOURCE.md: 12 won ($2,815,000), 8 lost ($830,000); 12/20 = 60.0% by count, 77.23% by amount
    const total = await totalRow(sf.warehouse, AS_OF);
    expect(total).toMatchObject({ won: 12, lost: 8, closed: 20, won_amount: 2815000, lost_amount: 830000 });
    expect(Number(total.win_rate)).toBeCloseTo(0.6, 10);
    expect(Number(total.win_rate_by_amount)).toBeCloseTo(0.7723, 4);
  });

  it('keeps lead statuses, and the converted-status leads that never converted', async () => {
    // SOURCE.md: Working - Contacted 9, Closed - Converted 8, Closed - Not Converted 3, Open - Not Contacted 2;
    // 3 leads say Closed - Converted with IsConverted FALSE and no ConvertedOpportunityId (audit H4 case b)
    expect(await countsBy(sf.warehouse, `select raw_status as key, count(*) as n from leads where valid_to is null group by all`))
      .toEqual({ 'Working - Contacted': 9, 'Closed - Converted': 8, 'Closed - Not Converted': 3, 'Open - Not Contacted': 2 });
    const [broken] = await sf.warehouse.query(`select count(*) as n from leads where valid_to is null and status = 'converted' and not coalesce(is_converted, false) and converted_opportunity_id is null`);
    expect(broken.n).toBe(3);
  });

  it('refuses the same export when its date format is not declared', async () => {
    const { warehouse, cleanup } = await fixtureWarehouse();
    try {
      const error = await loadSnapshot(warehouse, { folder: join(EXTERNAL, FOLDER), asOf: AS_OF, settings: DEFAULT_SETTINGS }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(LoadError);
      expect((error as LoadError).problems[0]).toMatchObject({ file: 'Lead.csv', value: '02/24/26' });
      expect(await warehouse.query(`select count(*) as n from load_batches`)).toEqual([{ n: 0 }]);
    } finally {
      cleanup();
    }
  });
});

describe('Salesforce Data Cloud workshop export, through the built-in salesforce adapter', () => {
  const AS_OF = '2024-04-09'; // the source repo's commit date; all records were created 2024-01-22
  const FOLDER = 'salesforce-data-cloud-workshop';
  const CUSTOM_STAGES: Settings = {
    ...DEFAULT_SETTINGS,
    crms: { salesforce: { valueMaps: { stage: { Discovery: 'needs_analysis', 'Proposal/Quote': 'proposal', Negotiation: 'negotiation' } } } },
  };
  let refusal: unknown;
  let batchesAfterRefusal: unknown;
  let workshop: Loaded;
  beforeAll(async () => {
    const { warehouse, cleanup } = await fixtureWarehouse();
    refusal = await loadSnapshot(warehouse, { folder: join(EXTERNAL, FOLDER), asOf: AS_OF, settings: DEFAULT_SETTINGS }).catch((caught: unknown) => caught);
    batchesAfterRefusal = await warehouse.query(`select (select count(*) from load_batches) as batches, (select count(*) from opportunities) as opportunities`);
    // the same export again, now with its custom stages mapped in config
    const report = await loadSnapshot(warehouse, { folder: join(EXTERNAL, FOLDER), asOf: AS_OF, settings: CUSTOM_STAGES });
    workshop = { warehouse, report, cleanup };
  });
  afterAll(() => workshop?.cleanup());

  it('refuses the custom stages by name, saying which config key maps them, and writes nothing', () => {
    expect(refusal).toBeInstanceOf(LoadError);
    const { message, problems } = refusal as LoadError;
    for (const stage of ['Discovery', 'Proposal/Quote', 'Negotiation']) {
      expect(message).toContain(`unknown value "${stage}": map it in leadlens.config.json under crms.salesforce.valueMaps.stage`);
    }
    // SOURCE.md: Negotiation 9, Discovery 9, Proposal/Quote 8 rows
    expect(problems).toHaveLength(26);
    expect(new Set(problems.map((problem) => `${problem.file} ${problem.column}`))).toEqual(new Set(['Opportunity.csv StageName (stage)']));
    expect(batchesAfterRefusal).toEqual([{ batches: 0, opportunities: 0 }]);
  });

  it('loads with the stages mapped: BOM, 1/blank booleans and +0000 timestamps included', async () => {
    expect(workshop.report).toMatchObject({ crm: 'salesforce', detected: true, rejected: [] });
    // SOURCE.md: Opportunity 50, Lead 60, Campaign 8, Account 22, Contact 102
    expect(rowsLoaded(workshop.report)).toEqual({ 'Lead.csv': 60, 'Opportunity.csv': 50, 'Account.csv': 22, 'Contact.csv': 102, 'Campaign.csv': 8 });
    // SOURCE.md: Closed Won 12, Qualification 9, Negotiation 9, Discovery 9, Proposal/Quote 8, Closed Lost 3
    expect(await countsBy(workshop.warehouse, `select raw_stage as key, count(*) as n from opportunities where valid_to is null group by all`))
      .toEqual({ 'Closed Won': 12, Qualification: 9, Negotiation: 9, Discovery: 9, 'Proposal/Quote': 8, 'Closed Lost': 3 });
    const [flags] = await workshop.warehouse.query(`select count(*) filter (where is_won) as won_flags, count(*) filter (where stage = 'closed_won') as won_stage,
      count(created_at) as with_created_at from opportunities where valid_to is null`);
    expect(flags).toEqual({ won_flags: 12, won_stage: 12, with_created_at: 50 });
    // SOURCE.md: Status Qualified 24, New 21, Working 15; none converted
    expect(await countsBy(workshop.warehouse, `select raw_status || ' -> ' || status as key, count(*) as n from leads where valid_to is null group by all`))
      .toEqual({ 'Qualified -> qualified': 24, 'New -> new': 21, 'Working -> working': 15 });
    const [converted] = await workshop.warehouse.query(`select count(*) filter (where is_converted) as n from leads where valid_to is null`);
    expect(converted.n).toBe(0);
  });

  it('keeps the open deals at 0% probability, for the audit to show', async () => {
    // SOURCE.md: the open Negotiation, Proposal/Quote and Discovery rows carry Probability 0: 9 + 8 + 9 = 26
    const [open] = await workshop.warehouse.query(`select count(*) as n from opportunities where valid_to is null and stage not in ('closed_won', 'closed_lost') and probability = 0`);
    expect(open.n).toBe(26);
  });
});

/** "$22,700.00" or "$1,117.10K" as a number: the way SOURCE.md describes Zoho's money, parsed independently of the loader. */
function sumMoney(values: string[]): number {
  const cents = values.reduce((sum, value) => {
    const match = /^\$([\d,]+(?:\.\d+)?)(K?)$/.exec(value.trim());
    if (!match) throw new Error(`unexpected money ${value}`);
    return sum + Math.round(Number(match[1].replaceAll(',', '')) * (match[2] === 'K' ? 1000 : 1) * 100);
  }, 0);
  return cents / 100;
}
