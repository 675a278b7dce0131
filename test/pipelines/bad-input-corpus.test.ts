import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPath, type IngestOptions } from '../../pipelines/load/ingest-path.ts';
import { LoadError } from '../../pipelines/load/load-error.ts';
import { readLoadErrorReports } from '../../pipelines/load/load-error-reports.ts';
import { rebuildModelsIfChanged } from '../../pipelines/build-models.ts';
import { configPathFor, loadSettings } from '../../pipelines/config/settings.ts';
import { Warehouse } from '../../server/db/warehouse.ts';
import { appRouter } from '../../server/routers/app.ts';
import { BIG_CELL_CHARACTERS, makeGeneratedCases } from '../fixtures/bad/make-generated.ts';
import { checksumWarehouseFile } from '../support/file-checksum.ts';
import { FIXTURES, fixtureWarehouse, martsOf, TWO_SNAPSHOTS } from '../support/fixture-warehouse.ts';
import { funnelCohorts, winRatesBySource } from '../support/mart-queries.ts';
import { checksumAllTables } from '../support/warehouse-checksum.ts';

// The bad-input corpus (test/fixtures/bad/, one folder per case with its CASE.md): each case is
// loaded into a fresh warehouse holding its base snapshot, through the CLI or in process. A refused
// case must name file, row, column and value (or what is wrong with the file), exit non-zero or
// throw a LoadError, and leave every table's contents as they were; a loaded case must show its
// oddity where DESIGN says: the load report, the data_checks mart, the figures, the Data view.

const BAD = join(FIXTURES, 'bad');
const BIN = resolve(import.meta.dirname, '../../bin/leadlens.js');

/** What a case is loaded over: nothing, or a good snapshot (series) of its CRM. */
const BASES = {
  empty: null,
  canonical: join(TWO_SNAPSHOTS, '2026-04-01'),
  canonical_both: TWO_SNAPSHOTS,
  salesforce: join(BAD, '_base/salesforce'),
  hubspot: join(FIXTURES, 'hubspot/2025-03-03'),
  sugarcrm: join(FIXTURES, 'sugarcrm/2025-03-03'),
} as const;
type Base = keyof typeof BASES;

interface Refusal {
  /** The file named, or the snapshot folder for a problem with the folder itself. */
  file: string | 'the folder';
  row?: number;
  column?: string;
  value?: string;
  problem: RegExp;
  /** More text the message must hold (the other problems it lists). */
  alsoSays?: string[];
}

interface Loaded {
  warehouse: Warehouse;
  data: Awaited<ReturnType<typeof dataView>>;
  /** What the CLI printed (empty in process). */
  stdout: string;
}

interface CorpusCase {
  name: string;
  base: Base;
  /** The snapshot folder inside the case folder. */
  snapshot: string;
  /** Written by make-generated.ts into a temp folder instead of kept in git. */
  generated?: boolean;
  via: 'cli' | 'in-process';
  options?: { crm?: string; mapping?: string; system?: string };
  refused?: Refusal;
  /** After the refusal, the flag that lets the load through, and what it then shows. */
  thenWith?: { flag: 'backfill' | 'allowShrink'; shows: (warehouse: Warehouse) => Promise<void> };
  loaded?: (outcome: Loaded) => Promise<void>;
}

const cases: CorpusCase[] = [
  // --- canonical: malformed files
  { name: 'truncated_file', base: 'canonical', snapshot: '2026-04-08', via: 'cli',
    refused: { file: 'opportunities.csv', row: 6, value: 'O5,2026-02-01T09:00:00Z,Events C,,closed_lost,0,2026-0', problem: /the file ends part way through this row \(7 of 11 values\): it looks cut off/ } },
  { name: 'truncated_in_quote', base: 'canonical', snapshot: '2026-04-08', via: 'in-process',
    refused: { file: 'leads.csv', row: 10, value: 'L9,2026-04-06T10:00:00Z,web,new,,false,,,"ivy@exa', problem: /the file ends inside a quoted value that starts in this row: it looks cut off/ } },
  { name: 'wrong_delimiter', base: 'canonical', snapshot: '2026-04-08', via: 'cli',
    refused: { file: 'leads.csv', column: 'lead_id', problem: /required column is missing: the header reads as one column, so the file is separated by ";" where "," is expected/ } },
  { name: 'latin1_encoding', base: 'canonical', snapshot: '2026-04-08', generated: true, via: 'in-process',
    // DuckDB shows the row with the undecodable byte replaced, so only its start is certain
    refused: { file: 'leads.csv', row: 3, problem: /not UTF-8 text \(Latin-1 or Windows-1252\?\): save the export as UTF-8/, alsoSays: ['(value "L2,2026-01-20T10:00:00Z,web,working'] } },
  { name: 'utf16_bom', base: 'canonical', snapshot: '2026-04-08', generated: true, via: 'cli',
    refused: { file: 'leads.csv', problem: /the file is UTF-16 text \(it starts with a UTF-16 byte order mark\): save the export as UTF-8/ } },
  { name: 'empty_file', base: 'canonical', snapshot: '2026-04-08', via: 'in-process',
    refused: { file: 'leads.csv', problem: /the file is empty: not even a header row/ } },
  { name: 'empty_folder', base: 'canonical', snapshot: '2026-04-08', generated: true, via: 'cli',
    refused: { file: 'the folder', problem: /the snapshot folder is empty: there is no export file to load/ } },
  { name: 'missing_required_column', base: 'canonical', snapshot: '2026-04-08', via: 'in-process',
    refused: { file: 'leads.csv', column: 'lead_id', problem: /^required column is missing$/ } },
  { name: 'duplicated_column', base: 'canonical', snapshot: '2026-04-08', via: 'cli',
    refused: { file: 'leads.csv', row: 1, column: 'status', value: 'status', problem: /the header names this column 2 times \(columns 4, 11\): which one holds the value is ambiguous/ } },
  { name: 'ragged_row_extra_field', base: 'canonical', snapshot: '2026-04-08', via: 'cli',
    refused: { file: 'leads.csv', row: 4, value: 'L3,2026-01-25T11:00:00Z,events,disqualified,,false,,,cy@example.com, cy.ops@example.com,bruno', problem: /11 values where the header has 10: a value holds an unquoted delimiter/ } },
  { name: 'ragged_row_missing_field', base: 'canonical', snapshot: '2026-04-08', via: 'in-process',
    refused: { file: 'opportunities.csv', row: 3, value: 'O2,2026-02-20T09:00:00Z,"Eve, Inc. pilot",5000.00,closed_won,100,2026-04-30,2026-04-05T10:00:00Z,web,L5', problem: /10 values where the header has 11: values are missing/ } },
  { name: 'cell_10mb', base: 'canonical', snapshot: '2026-04-08', generated: true, via: 'in-process',
    refused: { file: 'opportunities.csv', row: 4, column: 'next_step', value: `${'Call notes. '.repeat(5)}…`, problem: new RegExp(`a value of ${BIG_CELL_CHARACTERS.toLocaleString('en-US')} characters, more than a row may hold`) } },
  // --- canonical: values
  { name: 'quoted_newline_then_bad_value', base: 'canonical', snapshot: '2026-04-08', via: 'in-process',
    // O4 is the 4th record: row 5 as a spreadsheet shows it, though O2's name makes it the file's 6th line
    refused: { file: 'opportunities.csv', row: 5, column: 'amount', value: '2OOO.00', problem: /not an amount/ } },
  { name: 'dates_three_formats', base: 'canonical', snapshot: '2026-04-08', via: 'cli',
    refused: { file: 'leads.csv', row: 3, column: 'created_at', value: '01/20/2026 10:00', problem: /not an ISO 8601 date or timestamp/,
      alsoSays: ['leads.csv, row 4, column created_at: not an ISO 8601 date or timestamp (value "25.01.2026 11:00")'] } },
  { name: 'impossible_dates', base: 'canonical', snapshot: '2026-04-08', via: 'in-process',
    refused: { file: 'opportunities.csv', row: 3, column: 'close_date', value: '2026-02-29', problem: /not a date \(YYYY-MM-DD\)/,
      alsoSays: ['row 4, column closed_at: not an ISO 8601 date or timestamp (value "2026-03-10T25:00:00Z")', 'row 6, column created_at: not an ISO 8601 date or timestamp (value "2026-04-31T09:00:00Z")'] } },
  { name: 'currency_amounts_canonical', base: 'canonical', snapshot: '2026-04-08', via: 'in-process',
    refused: { file: 'opportunities.csv', row: 2, column: 'amount', value: '$10,000.00', problem: /not an amount/, alsoSays: ['row 3, column amount: not an amount (digits with an optional decimal point) (value "5,000.00")'] } },
  { name: 'non_numeric_amount', base: 'canonical', snapshot: '2026-04-08', via: 'in-process',
    refused: { file: 'opportunities.csv', row: 4, column: 'amount', value: 'TBD', problem: /not an amount/, alsoSays: ['(value "n/a")'] } },
  { name: 'probability_out_of_range', base: 'canonical', snapshot: '2026-04-08', via: 'in-process',
    refused: { file: 'opportunities.csv', row: 3, column: 'probability', value: '150', problem: /probability outside 0-100/, alsoSays: ['row 4, column probability: probability outside 0-100 (value "-5")'] } },
  { name: 'bad_boolean', base: 'canonical', snapshot: '2026-04-08', via: 'in-process',
    refused: { file: 'leads.csv', row: 3, column: 'is_converted', value: 'yes', problem: /not a boolean \(true or false\)/ } },
  { name: 'unknown_status', base: 'canonical', snapshot: '2026-04-08', via: 'in-process',
    refused: { file: 'leads.csv', row: 5, column: 'status', value: 'mql', problem: /unknown value \(expected one of new, working/, alsoSays: ['(value "MQL")'] } },
  { name: 'duplicate_ids_whitespace', base: 'canonical', snapshot: '2026-04-08', via: 'in-process',
    refused: { file: 'opportunities.csv', row: 7, column: 'opportunity_id', value: 'O2', problem: /duplicate id \(first seen in row 3\)/ } },
  // --- canonical: snapshots
  { name: 'header_only_later_snapshot', base: 'canonical', snapshot: '2026-04-08', via: 'in-process',
    refused: { file: 'leads.csv', problem: /drops 7 of 7 records \(over 20%\): likely a partial export; pass --allow-shrink/ } },
  { name: 'drops_most_records', base: 'canonical', snapshot: '2026-04-08', via: 'cli',
    refused: { file: 'leads.csv', problem: /drops 5 of 7 records \(over 20%\): likely a partial export; pass --allow-shrink/ },
    thenWith: { flag: 'allowShrink', shows: async (warehouse) => {
      // L3-L7 and O3-O5 are gone as of 04-08: 5 + 3 deletions, recorded on the batch
      const [batch] = await warehouse.query(`select records_deleted from load_batches where as_of = '2026-04-08'`);
      expect(batch.records_deleted).toBe(8);
      const current = await warehouse.query(`select lead_id from leads where valid_to is null order by lead_id`);
      expect(current.map((row) => row.lead_id)).toEqual(['L1', 'L2']);
    } } },
  { name: 'older_than_latest', base: 'canonical_both', snapshot: '2026-04-05', via: 'cli',
    refused: { file: 'the folder', value: '2026-04-05', problem: /older than system "canonical"'s latest snapshot 2026-04-08; pass --backfill/ },
    thenWith: { flag: 'backfill', shows: async (warehouse) => {
      // L2 is qualified in the backfilled 04-05 snapshot, working in 04-01's and 04-08's
      const l2 = await warehouse.query(`select status, strftime(valid_from, '%Y-%m-%d') as valid_from, strftime(valid_to, '%Y-%m-%d') as valid_to from leads where lead_id = 'L2' order by valid_from`);
      expect(l2).toEqual([
        { status: 'working', valid_from: '2026-04-01', valid_to: '2026-04-05' },
        { status: 'qualified', valid_from: '2026-04-05', valid_to: '2026-04-08' },
        { status: 'working', valid_from: '2026-04-08', valid_to: null },
      ]);
    } } },
  { name: 'ids_collide_same_system', base: 'canonical', snapshot: '2026-04-08', via: 'in-process',
    refused: { file: 'leads.csv', problem: /drops 4 of 7 records/ } },
  // --- canonical: loaded, with the oddity shown
  { name: 'utf8_bom', base: 'canonical', snapshot: '2026-04-08', via: 'in-process',
    loaded: async ({ warehouse, data }) => {
      // the byte order mark is not part of the first column's name: every lead has its id
      const [leads] = await warehouse.query(`select count(*) as current, count(lead_id) as with_id from leads where valid_to is null`);
      expect(leads).toEqual({ current: 8, with_id: 8 });
      expect(countOf(data, 'canonical', 'leads')).toEqual({ current_records: 8, versions: 9 });
    } },
  { name: 'header_only_first_snapshot', base: 'empty', snapshot: '2026-04-01', via: 'cli',
    loaded: async ({ data, stdout }) => {
      expect(stdout).toContain('2026-04-01 canonical (detected canonical export): leads.csv 0 rows, opportunities.csv 0 rows; records 0 new, 0 changed, 0 deleted');
      // the Data view shows a loaded snapshot that holds no record
      expect(data.tables.loads.map((load) => [load.as_of, load.status, load.rows_loaded])).toEqual([['2026-04-01', 'loaded', 0]]);
      expect(data.tables.record_counts.filter((row) => row.system === 'canonical')).toEqual([]);
      expect(data.as_of).toBe('2026-04-01');
    } },
  { name: 'missing_optional_column', base: 'canonical', snapshot: '2026-04-08', via: 'in-process',
    loaded: async ({ warehouse, data }) => {
      // no amount column: all five deals' amounts are unknown (O5 had none before)
      expect(checkOf(data, 'canonical', 'opportunity_amount_missing')).toBe(5);
      // Q1 closes as of 04-08: won O1, O4 and lost O3, O5 still count, with no amount to weigh them
      const [total] = (await winRatesBySource(warehouse, '2026-04-08', '2026-01-01', '2026-03-31')).filter((row) => row.source === 'All sources');
      expect(total).toMatchObject({ won: 2, lost: 2, won_amount: 0, lost_amount: 0, win_rate: 0.5, win_rate_by_amount: null });
    } },
  { name: 'quoted_newlines', base: 'canonical', snapshot: '2026-04-08', via: 'cli',
    loaded: async ({ warehouse, data }) => {
      const rows = await warehouse.query(`select opportunity_id, name, next_step from opportunities where valid_to is null and opportunity_id in ('O2', 'O3') order by 1`);
      expect(rows).toEqual([
        { opportunity_id: 'O2', name: 'Eve, Inc. pilot', next_step: 'Kick-off call on 04-09,\nthen the "welcome" pack' },
        { opportunity_id: 'O3', name: 'Partner A\n(renewal)', next_step: null },
      ]);
      // five deals, not seven rows: 5 versions from 04-01 + O2 (won, next step) and O3 (name) changed
      expect(countOf(data, 'canonical', 'opportunities')).toEqual({ current_records: 5, versions: 7 });
    } },
  { name: 'ids_collide_other_system', base: 'canonical', snapshot: '2026-04-08', via: 'in-process', options: { system: 'acme_eu' },
    loaded: async ({ warehouse, data }) => {
      // the same ids under another system are other records: the first system keeps its 7 leads
      expect(countOf(data, 'canonical', 'leads')).toEqual({ current_records: 7, versions: 7 });
      expect(countOf(data, 'acme_eu', 'leads')).toEqual({ current_records: 3, versions: 3 });
      const l1 = await warehouse.query(`select system, email from leads where lead_id = 'L1' order by system`);
      expect(l1).toEqual([{ system: 'acme_eu', email: 'kai@acme-eu.example' }, { system: 'canonical', email: 'ann@example.com' }]);
    } },
  { name: 'converted_to_missing_opportunity', base: 'canonical', snapshot: '2026-04-08', via: 'cli',
    loaded: async ({ warehouse, data, stdout }) => {
      expect(stdout).toContain('noted (loaded as they are; see the Data view): 1 converted leads naming an opportunity not in the export');
      expect(checkOf(data, 'canonical', 'lead_converted_opportunity_unresolved')).toBe(1);
      // L8 (created 04-02) names O9: it counts as converted, at the opportunity step of its cohort
      const april = (await funnelCohorts(warehouse, '2026-04-08', '2026-04-01', '2026-06-30')).find((row) => row.cohort_month === '2026-04');
      expect(april).toMatchObject({ leads: 1, opportunities: 1, won: 0 });
    } },
  // --- Salesforce (base test/fixtures/bad/_base/salesforce/2026-04-01)
  { name: 'salesforce_unknown_stage', base: 'salesforce', snapshot: '2026-04-08', via: 'cli',
    refused: { file: 'Opportunity.csv', row: 3, column: 'StageName (stage)', value: 'Verbal Commit', problem: /unknown value: map it in leadlens\.config\.json under crms\.salesforce\.valueMaps\.stage/ } },
  { name: 'salesforce_spreadsheet_dates', base: 'salesforce', snapshot: '2026-04-08', via: 'in-process',
    refused: { file: 'Lead.csv', row: 2, column: 'ConvertedDate (converted_at)', value: '2/10/2026', problem: /crms\.salesforce\.dateFormats \/ timestampFormats/,
      alsoSays: ['Lead.csv, row 2, column CreatedDate (created_at): not an ISO 8601 date or timestamp'] } },
  { name: 'salesforce_truncated', base: 'salesforce', snapshot: '2026-04-08', via: 'cli',
    refused: { file: 'Opportunity.csv', row: 5, value: '"0065g000003Rt04AAB","false","0015g000005Ab04AAC","Litware - exp', problem: /the file ends inside a quoted value that starts in this row: it looks cut off/ } },
  { name: 'salesforce_missing_column', base: 'salesforce', snapshot: '2026-04-08', via: 'in-process',
    refused: { file: 'the folder', problem: /no adapter recognises these files \(Lead\.csv, Opportunity\.csv\); named like a salesforce export, but no header has its column StageName/ } },
  { name: 'salesforce_converted_missing_opportunity', base: 'salesforce', snapshot: '2026-04-08', via: 'in-process',
    loaded: async ({ warehouse, data }) => {
      expect(checkOf(data, 'salesforce', 'lead_converted_opportunity_unresolved')).toBe(1);
      const [pia] = await warehouse.query(`select is_converted, converted_opportunity_id from leads where lead_id = '00Q5g000004Xq03EAA' and valid_to is null`);
      expect(pia).toEqual({ is_converted: true, converted_opportunity_id: '0065g000003Rt09AAB' });
      // February's cohort: Pia (Sand & Stone) converted; Quinn and Rosa are March's
      const february = (await funnelCohorts(warehouse, '2026-04-08', '2026-01-01', '2026-03-31')).find((row) => row.cohort_month === '2026-02');
      expect(february).toMatchObject({ leads: 1, opportunities: 1, won: 0 });
    } },
  // --- HubSpot (base test/fixtures/hubspot/2025-03-03)
  { name: 'hubspot_unknown_dealstage', base: 'hubspot', snapshot: '2025-03-10', via: 'cli',
    refused: { file: 'deals.csv', row: 7, column: 'dealstage (stage)', value: '187654321', problem: /unknown value: map it in leadlens\.config\.json under crms\.hubspot\.valueMaps\.dealStage/ } },
  { name: 'hubspot_duplicate_ids', base: 'hubspot', snapshot: '2025-03-10', via: 'in-process',
    refused: { file: 'contacts.csv', row: 11, column: 'hs_object_id (lead_id)', value: '103', problem: /duplicate id \(first seen in row 4\)/ } },
  { name: 'hubspot_utf16_bom', base: 'hubspot', snapshot: '2025-03-10', generated: true, via: 'in-process',
    refused: { file: 'contacts.csv', problem: /the file is UTF-16 text/ } },
  { name: 'hubspot_probability_percent', base: 'hubspot', snapshot: '2025-03-10', via: 'in-process',
    refused: { file: 'deals.csv', row: 8, column: 'hs_deal_stage_probability (probability)', value: '90%', problem: /^not a number$/ } },
  { name: 'hubspot_amount_thousands', base: 'hubspot', snapshot: '2025-03-10', via: 'in-process',
    refused: { file: 'deals.csv', row: 2, column: 'amount', value: '12,000', problem: /not an amount/ } },
  // --- SugarCRM (base test/fixtures/sugarcrm/2025-03-03)
  { name: 'sugarcrm_user_dates', base: 'sugarcrm', snapshot: '2025-03-10', via: 'cli',
    refused: { file: 'Leads.csv', row: 2, column: 'date_entered (created_at)', value: '01/06/2025 09:15 am', problem: /crms\.sugarcrm\.dateFormats \/ timestampFormats/ } },
  { name: 'sugarcrm_negative_amount', base: 'sugarcrm', snapshot: '2025-03-10', via: 'cli',
    // the amounts are reported as the export wrote them, not as converted
    refused: { file: 'Opportunities.csv', row: 6, column: 'amount', value: '($1,000.00)', problem: /negative amount/, alsoSays: ['row 7, column amount: negative amount (value "-$4,000.00")'] } },
  { name: 'sugarcrm_unknown_stage', base: 'sugarcrm', snapshot: '2025-03-10', via: 'in-process',
    refused: { file: 'Opportunities.csv', row: 8, column: 'sales_stage (stage)', value: 'Closed Won - Pending Signature', problem: /crms\.sugarcrm\.valueMaps\.salesStage/ } },
  { name: 'sugarcrm_ragged_row', base: 'sugarcrm', snapshot: '2025-03-10', via: 'in-process',
    refused: { file: 'Leads.csv', row: 9, problem: /19 values where the header has 20: values are missing/, alsoSays: ['(value "\\"a1000000-0000-4000-8000-000000000008\\"'] } },
  // --- a user's mapping
  { name: 'mapped_currency_amounts', base: 'empty', snapshot: '2026-04-01', via: 'cli', options: { mapping: 'acme-deals.map.json' },
    loaded: async ({ warehouse, data }) => {
      const amounts = await warehouse.query(`select opportunity_id, cast(amount as double) as amount from opportunities order by opportunity_id`);
      // $1,234.50, 12.5K, $1.2M, "$ 980", "USD 2,000"
      expect(amounts.map((row) => row.amount)).toEqual([1234.5, 12500, 1200000, 980, 2000]);
      // Q1 closes: web won D1 and D2 (1,234.50 + 12,500 = 13,734.50), partner lost D3 (1,200,000)
      const rates = await winRatesBySource(warehouse, '2026-04-01', '2026-01-01', '2026-03-31');
      expect(rates.find((row) => row.source === 'web')).toMatchObject({ won: 2, lost: 0, won_amount: 13734.5 });
      expect(rates.find((row) => row.source === 'partner')).toMatchObject({ won: 0, lost: 1, lost_amount: 1200000 });
      expect(data.tables.loads.map((load) => [load.system, load.crm, load.rows_loaded])).toEqual([['acme-deals', 'acme-deals', 5]]);
    } },
  { name: 'mapped_bad_currency', base: 'empty', snapshot: '2026-04-01', via: 'in-process', options: { mapping: 'acme-deals.map.json' },
    refused: { file: 'deals.csv', row: 3, column: 'Deal Value (amount)', value: '12.5X', problem: /not an amount \(digits, optional currency sign, thousands separators, K\/M\/B suffix\)/,
      alsoSays: ['row 4, column Deal Value (amount)', '(value "call me")', 'row 5, column Deal Value (amount): negative amount (value "(980.00)")'] } },
  { name: 'mapped_dates_three_formats', base: 'empty', snapshot: '2026-04-01', via: 'in-process', options: { mapping: 'acme-dates.map.json' },
    loaded: async ({ warehouse, data }) => {
      // 2026-01-12, 01/20/2026 and 2 Feb 2026 are each read by a format the mapping names
      const dates = await warehouse.query(`select opportunity_id, strftime(created_at, '%Y-%m-%d') as created, strftime(close_date, '%Y-%m-%d') as closes from opportunities order by 1`);
      expect(dates).toEqual([
        { opportunity_id: 'D1', created: '2026-01-12', closes: '2026-02-20' },
        { opportunity_id: 'D2', created: '2026-01-20', closes: '2026-03-05' },
        { opportunity_id: 'D3', created: '2026-02-02', closes: '2026-03-18' },
      ]);
      expect(checkOf(data, 'acme-dates', 'opportunity_created_at_missing')).toBe(0);
    } },
];

let work: string;
let generated: string;
const templates = new Map<Base, string>();

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'leadlens-bad-corpus-'));
  generated = join(work, 'generated');
  makeGeneratedCases(generated);
  await buildTemplates();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * One warehouse file per base, copied for each case: each case gets a fresh warehouse without
 * building the models and loading the base again. The empty one is built by fixtureWarehouse; the
 * others load their base into a copy of it.
 */
async function buildTemplates(): Promise<void> {
  const fixture = await fixtureWarehouse();
  // record what the models were built from, so the CLI opening a copy finds nothing to rebuild
  await fixture.warehouse.transaction((tx) => rebuildModelsIfChanged(tx, loadSettings(configPathFor(fixture.dbPath))));
  await fixture.warehouse.query('checkpoint');
  const empty = join(work, 'template-empty.duckdb');
  copyFileSync(fixture.dbPath, empty);
  fixture.cleanup();
  templates.set('empty', empty);
  for (const [base, path] of Object.entries(BASES)) {
    if (path === null) continue;
    const file = join(work, `template-${base}.duckdb`);
    copyFileSync(empty, file);
    const warehouse = await Warehouse.open(file);
    await ingestPath(warehouse, { path });
    await warehouse.query('checkpoint');
    warehouse.close();
    templates.set(base as Base, file);
  }
}

function snapshotFolder(testCase: CorpusCase): string {
  return join(testCase.generated ? generated : BAD, testCase.name, testCase.snapshot);
}

function ingestOptions(testCase: CorpusCase): IngestOptions {
  const { crm, mapping, system } = testCase.options ?? {};
  return { path: snapshotFolder(testCase), crm, system, mappingFile: mapping ? join(BAD, testCase.name, mapping) : undefined };
}

function cliFlags(testCase: CorpusCase): string[] {
  const { crm, mapping, system } = testCase.options ?? {};
  return [
    ...(crm ? ['--crm', crm] : []), ...(system ? ['--system', system] : []),
    ...(mapping ? ['--mapping', join(BAD, testCase.name, mapping)] : []),
  ];
}

function dataView(warehouse: Warehouse) {
  return appRouter.createCaller({ db: martsOf(warehouse), warehouse, isLocalCaller: true, userName: null }).data.view({});
}

function countOf(data: Loaded['data'], system: string, table: string) {
  const row = data.tables.record_counts.find((count) => count.system === system && count.table_name === table);
  return row && { current_records: row.current_records, versions: row.versions };
}

function checkOf(data: Loaded['data'], system: string, check: string) {
  return data.tables.checks.find((row) => row.system === system && row.check_name === check)?.records;
}

/** The text the message must hold: the located problem as describeProblem writes it, and what else it lists. */
function expectMessage(message: string, refusal: Refusal, folder: string): void {
  const file = refusal.file === 'the folder' ? folder : refusal.file;
  const where = [file, refusal.row === undefined ? null : `row ${refusal.row}`, refusal.column ? `column ${refusal.column}` : null].filter(Boolean).join(', ');
  expect(message).toContain(`${where}: `);
  // the problem's anchors hold for the problem alone, not for the whole message
  expect(message).toMatch(new RegExp(refusal.problem.source.replace(/^\^|\$$/g, '')));
  if (refusal.value !== undefined) expect(message).toContain(`(value ${JSON.stringify(refusal.value)})`);
  for (const text of refusal.alsoSays ?? []) expect(message).toContain(text);
  // never the whole of a huge value
  expect(message.length).toBeLessThan(5000);
}

/** The CLI as a person runs it, in a child process (not spawnSync: the cases run side by side). */
function leadlens(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { timeout: 60_000 });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', reject);
    child.on('close', (status) => resolveRun({ status, stdout, stderr }));
  });
}

async function openLoaded(db: string, stdout: string): Promise<Loaded> {
  const warehouse = await Warehouse.open(db);
  return { warehouse, data: await dataView(warehouse), stdout };
}

async function runThroughCli(testCase: CorpusCase, db: string): Promise<void> {
  const folder = snapshotFolder(testCase);
  const before = testCase.refused ? await checksumWarehouseFile(db) : null;
  const result = await leadlens(['ingest', folder, ...cliFlags(testCase), '--db', db]);
  if (testCase.refused) {
    expect(result.status, result.stdout).not.toBe(0);
    expect(result.stderr).toContain('load refused, the warehouse is unchanged:');
    expectMessage(result.stderr, testCase.refused, folder);
    expect(await checksumWarehouseFile(db)).toEqual(before);
    return;
  }
  expect(result.status, result.stderr).toBe(0);
  const loaded = await openLoaded(db, result.stdout);
  try {
    await testCase.loaded!(loaded);
  } finally {
    loaded.warehouse.close();
  }
}

async function runInProcess(testCase: CorpusCase, db: string): Promise<void> {
  const warehouse = await Warehouse.open(db);
  try {
    const before = await checksumAllTables(warehouse);
    const outcome = await ingestPath(warehouse, ingestOptions(testCase)).catch((error: unknown) => error);
    if (testCase.refused) {
      expect(outcome).toBeInstanceOf(LoadError);
      const { problems, message } = outcome as LoadError;
      const { file, row, column, value } = testCase.refused;
      const located = Object.fromEntries(Object.entries({ row, column, value }).filter(([, part]) => part !== undefined));
      expect(problems[0]).toMatchObject({ file: file === 'the folder' ? snapshotFolder(testCase) : file, ...located });
      expect(problems[0].problem).toMatch(testCase.refused.problem);
      expectMessage(message, testCase.refused, snapshotFolder(testCase));
      expect(await checksumAllTables(warehouse)).toEqual(before);
      return;
    }
    if (outcome instanceof Error) throw outcome;
    await testCase.loaded!({ warehouse, data: await dataView(warehouse), stdout: '' });
  } finally {
    warehouse.close();
  }
}

/** The refusal is reported beside the warehouse, where the Data view reads failed attempts; then the flag lets it through. */
async function afterRefusal(testCase: CorpusCase, db: string): Promise<void> {
  const [report] = readLoadErrorReports(db);
  expect(report).toMatchObject({ outcome: 'refused', as_of: testCase.snapshot, folder: snapshotFolder(testCase) });
  if (!testCase.thenWith) return;
  const warehouse = await Warehouse.open(db);
  try {
    const [loaded] = await ingestPath(warehouse, { ...ingestOptions(testCase), [testCase.thenWith.flag]: true });
    expect(loaded.status).toBe('loaded');
    await testCase.thenWith.shows(warehouse);
  } finally {
    warehouse.close();
  }
}

describe('the bad-input corpus (test/fixtures/bad)', () => {
  it('has at least 30 cases, a third of them through the CLI, each with a CASE.md beside it', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(cases.filter((testCase) => testCase.via === 'cli').length * 3).toBeGreaterThanOrEqual(cases.length);
    expect(new Set(cases.map((testCase) => testCase.name)).size).toBe(cases.length);
    for (const testCase of cases) expect(existsSync(join(BAD, testCase.name, 'CASE.md')), testCase.name).toBe(true);
  });

  // each case has its own warehouse file, so they run side by side: the CLI's start-up dominates
  it.concurrent.each(cases.map((testCase) => [`${testCase.name} (${testCase.refused ? 'refused' : 'loaded'}, ${testCase.via})`, testCase] as const))('%s', async (_title, testCase) => {
    const dir = mkdtempSync(join(work, `${testCase.name}-`));
    const db = join(dir, 'warehouse.duckdb');
    copyFileSync(templates.get(testCase.base)!, db);
    if (testCase.via === 'cli') await runThroughCli(testCase, db);
    else await runInProcess(testCase, db);
    if (testCase.refused) await afterRefusal(testCase, db);
  });
});
