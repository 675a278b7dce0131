import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUDIT_SETTINGS, DEFAULT_AUDIT_THRESHOLDS } from '../../pipelines/config/audit-rules.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../pipelines/config/settings.ts';
import { ingestPath } from '../../pipelines/load/ingest-path.ts';
import type { Warehouse } from '../../server/db/warehouse.ts';
import { FIXTURES, fixtureWarehouse } from '../support/fixture-warehouse.ts';

// Fixture test/fixtures/canonical/audit_opportunities (record by record in its README section):
// snapshots 2026-05-15, 2026-06-16 and 2026-06-30, audited as of 2026-06-30. Default thresholds
// (O1 14 days, O3 idle 30 days, stage limit 2 x median or 45 days, O4 30 days past) and one stage
// limit set in config: negotiation 20 days.
//
// Stage history before the as-of date (snapshot history: a deal's first version entered its stage
// at creation, a later version with another stage entered it on that snapshot's date):
//   value_proposition stays completed by 06-30:
//     HIST-VP1 created 06-16, in proposal on 06-30: 06-16 -> 06-30 = 14 days
//     HIST-VP2 created 06-14:                        06-14 -> 06-30 = 16 days
//     HIST-VP3 created 06-10:                        06-10 -> 06-30 = 20 days
//     HIST-VP4 created 05-10, in proposal on 06-16:  05-10 -> 06-16 = 21 + 16 = 37 days
//     median (quantile_cont) of 14, 16, 20, 37 = (16 + 20) / 2 = 18 -> limit 2 x 18 = 36 days
//   negotiation: HIST-NEG created 06-01, won on 06-30: 29 days -> median 29, limit 58 (config's 20 wins)
//   qualification: MOVED-VP created 04-01, value_proposition on 06-16: 76 days -> limit 152
//   prospecting, needs_analysis, perception_analysis, proposal: no completed stay -> the 45-day default
const FIXTURE = join(FIXTURES, 'canonical/audit_opportunities');
const AS_OF = '2026-06-30';
const FIXTURE_SETTINGS: Settings = { ...DEFAULT_SETTINGS, audit: { ...DEFAULT_AUDIT_SETTINGS, stageLimitDays: { negotiation: 20 } } };
const OUTPUT_COLUMNS = ['system', 'record_kind', 'record_id', 'rule_id', 'severity_override', 'owner', 'amount_at_stake', 'evidence', 'why'];

async function loadFixture(settings: Settings) {
  const fixture = await fixtureWarehouse();
  await ingestPath(fixture.warehouse, { path: FIXTURE, settings });
  return fixture;
}

async function findings(on: Warehouse, rule: string, asOf = AS_OF) {
  return on.query(`select * from audit_rule_${rule}($1::date) order by record_id`, [asOf]);
}

/** The rows as the reviewer sees them, evidence parsed so a test names its fields. */
async function findingsById(on: Warehouse, rule: string) {
  const rows = await findings(on, rule);
  return Object.fromEntries(rows.map((row) => [row.record_id, { ...row, evidence: JSON.parse(String(row.evidence)) }]));
}

/** The fields every finding of an opportunity rule shares. */
const finding = (rule: string, owner: string, amountAtStake: number | null) => ({
  system: 'canonical', record_kind: 'opportunity', rule_id: rule, severity_override: null, owner, amount_at_stake: amountAtStake,
});

let warehouse: Warehouse;
let cleanup: () => void;
beforeAll(async () => ({ warehouse, cleanup } = await loadFixture(FIXTURE_SETTINGS)));
afterAll(() => cleanup());

describe('opportunity audit rules: the contract', () => {
  it.each(['o1', 'o2', 'o3', 'o4', 'o5', 'h5', 'h6'])('audit_rule_%s returns the contract columns in order, one row per record', async (rule) => {
    const rows = await findings(warehouse, rule);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(Object.keys(row)).toEqual(OUTPUT_COLUMNS);
    expect(new Set(rows.map((row) => row.record_id)).size).toBe(rows.length);
  });

  it('no closed deal breaks an O rule, however many faults it has', async () => {
    // CLOSED-FAULTS (closed_lost): no amount, no account or contact, neither decision maker nor budget,
    // close date 2026-04-15 (76 days past), created 2026-03-01 and never active (121 days)
    for (const rule of ['o1', 'o2', 'o3', 'o4', 'o5']) {
      const ids = (await findings(warehouse, rule)).map((row) => row.record_id);
      expect(ids).not.toContain('CLOSED-FAULTS');
    }
  });
});

describe('O1 open with no amount N days after creation', () => {
  it('fires at 14 days with no amount or amount 0, not at 13 days', async () => {
    const rows = await findingsById(warehouse, 'o1');
    // O1-NOAMOUNT created 06-16: 06-16 -> 06-30 = 14 >= 14; O1-ZERO created 06-01: 29 days, amount 0.00
    // O1-NEAR created 06-17: 13 < 14; CLOSED-FAULTS is lost
    expect(Object.keys(rows)).toEqual(['O1-NOAMOUNT', 'O1-ZERO']);
    expect(rows['O1-NOAMOUNT']).toEqual({
      ...finding('O1', 'alice', null), record_id: 'O1-NOAMOUNT',
      evidence: { stage: 'prospecting', created_at: '2026-06-16 09:00:00', amount: null },
      why: 'open in prospecting with no amount, 14 days after creation',
    });
    expect(rows['O1-ZERO']).toEqual({
      ...finding('O1', 'bruno', 0), record_id: 'O1-ZERO',
      evidence: { stage: 'proposal', created_at: '2026-06-01 09:00:00', amount: 0 },
      why: 'open in proposal with amount 0, 29 days after creation',
    });
  });
});

describe('O2 unqualified in needs_analysis or later', () => {
  it('fires when neither decision maker nor budget is confirmed (unknown is not), from needs_analysis on', async () => {
    const rows = await findingsById(warehouse, 'o2');
    // O2-NEEDS needs_analysis (order 3 >= 3): decision maker false, budget unknown
    // O2-PROPOSAL proposal (7 >= 3): both unknown
    // not: O2-QUALIFICATION (order 2 < 3, both false), O2-DM-ONLY (decision maker true),
    //      O2-BUDGET-ONLY (budget true), CLOSED-FAULTS (closed_lost, both false)
    expect(Object.keys(rows)).toEqual(['O2-NEEDS', 'O2-PROPOSAL']);
    expect(rows['O2-NEEDS']).toEqual({
      ...finding('O2', 'alice', 12000), record_id: 'O2-NEEDS',
      evidence: { stage: 'needs_analysis', decision_maker_identified: false, budget_confirmed: null },
      why: 'in needs_analysis with no decision maker identified (false) and budget not confirmed (unknown)',
    });
    expect(rows['O2-PROPOSAL']).toEqual({
      ...finding('O2', 'bruno', 15000), record_id: 'O2-PROPOSAL',
      evidence: { stage: 'proposal', decision_maker_identified: null, budget_confirmed: null },
      why: 'in proposal with no decision maker identified (unknown) and budget not confirmed (unknown)',
    });
  });
});

describe('O3 stalled: idle, or over its stage limit', () => {
  let rows: Record<string, Record<string, unknown>>;
  beforeAll(async () => { rows = await findingsById(warehouse, 'o3'); });

  it('fires for exactly the idle and over-limit deals', () => {
    // idle: O3-IDLE (30 days), O3-NOACT (30 days since creation); over the limit: O3-CONFIG, O3-HISTORY,
    // O3-DEFAULT; both: O3-BOTH. Every near miss is one day short; MOVED-VP is measured from its stage entry.
    expect(Object.keys(rows)).toEqual(['O3-BOTH', 'O3-CONFIG', 'O3-DEFAULT', 'O3-HISTORY', 'O3-IDLE', 'O3-NOACT']);
  });

  it('calls a deal idle 30 days after its last activity, or after creation when there was none', () => {
    // O3-IDLE last activity 05-31: 05-31 -> 06-30 = 30 >= 30; O3-IDLE-NEAR last activity 06-01: 29
    // O3-IDLE is in prospecting since 05-20: 41 days < the 45-day default, so idle alone
    expect(rows['O3-IDLE']).toEqual({
      ...finding('O3', 'alice', 3000), record_id: 'O3-IDLE',
      evidence: { case: 'idle', stage: 'prospecting', created_at: '2026-05-20 09:00:00', last_activity_at: '2026-05-31 10:00:00',
        entered_stage_on: null, stage_limit_days: null, stage_limit_source: null },
      why: 'open in prospecting: no activity for 30 days',
    });
    // O3-NOACT created 05-31, no activity: 30 days; O3-NOACT-NEAR created 06-01: 29
    expect(rows['O3-NOACT']).toEqual({
      ...finding('O3', 'bruno', 3500), record_id: 'O3-NOACT',
      evidence: { case: 'idle', stage: 'prospecting', created_at: '2026-05-31 08:00:00', last_activity_at: null,
        entered_stage_on: null, stage_limit_days: null, stage_limit_source: null },
      why: 'open in prospecting: no activity since creation 30 days ago',
    });
  });

  it('takes the stage limit from config first, even where history would allow longer', () => {
    // O3-CONFIG in negotiation since 06-10: 20 >= 20 (config); history's limit would be 2 x 29 = 58
    // O3-CONFIG-NEAR since 06-11: 19 < 20
    expect(rows['O3-CONFIG']).toEqual({
      ...finding('O3', 'bruno', 25000), record_id: 'O3-CONFIG',
      evidence: { case: 'stage_limit', stage: 'negotiation', created_at: null, last_activity_at: null,
        entered_stage_on: '2026-06-10', stage_limit_days: 20, stage_limit_source: 'config' },
      why: 'open in negotiation: in the stage 20 days since 2026-06-10, limit 20 days (set in config)',
    });
  });

  it('else from twice the stage\'s historical median, measured from the stage entry, not creation', () => {
    // O3-HISTORY in value_proposition since 05-25: 6 + 30 = 36 >= 2 x 18; O3-HISTORY-NEAR since 05-26: 35
    // MOVED-VP, created 04-01 (90 days ago), entered value_proposition on the 06-16 snapshot: 14 < 36
    expect(rows['O3-HISTORY']).toEqual({
      ...finding('O3', 'alice', 8000), record_id: 'O3-HISTORY',
      evidence: { case: 'stage_limit', stage: 'value_proposition', created_at: null, last_activity_at: null,
        entered_stage_on: '2026-05-25', stage_limit_days: 36, stage_limit_source: 'history' },
      why: 'open in value_proposition: in the stage 36 days since 2026-05-25, limit 36 days (2 x the historical median of 18 days)',
    });
  });

  it('else the 45-day default where the stage has no history', () => {
    // O3-DEFAULT in perception_analysis since 05-16: 15 + 30 = 45 >= 45; O3-DEFAULT-NEAR since 05-17: 44
    expect(rows['O3-DEFAULT']).toEqual({
      ...finding('O3', 'bruno', 6000), record_id: 'O3-DEFAULT',
      evidence: { case: 'stage_limit', stage: 'perception_analysis', created_at: null, last_activity_at: null,
        entered_stage_on: '2026-05-16', stage_limit_days: 45, stage_limit_source: 'default' },
      why: 'open in perception_analysis: in the stage 45 days since 2026-05-16, limit 45 days (default: no stage history)',
    });
  });

  it('names both cases in one row when both hold', () => {
    // O3-BOTH: last activity 05-15: 16 + 30 = 46 >= 30; in perception_analysis since 05-01: 30 + 30 = 60 >= 45
    expect(rows['O3-BOTH']).toEqual({
      ...finding('O3', 'alice', 7000), record_id: 'O3-BOTH',
      evidence: { case: 'both', stage: 'perception_analysis', created_at: '2026-05-01 09:00:00', last_activity_at: '2026-05-15 12:00:00',
        entered_stage_on: '2026-05-01', stage_limit_days: 45, stage_limit_source: 'default' },
      why: 'open in perception_analysis: no activity for 46 days; in the stage 60 days since 2026-05-01, limit 45 days (default: no stage history)',
    });
  });
});

describe('O4 close date long past', () => {
  it('fires 30 days past the close date, not 29, nor without a close date', async () => {
    const rows = await findingsById(warehouse, 'o4');
    // O4-PAST30 close 05-31: 30 days past; O4-PAST29 close 06-01: 29; O4-NO-CLOSE-DATE none;
    // CLOSED-FAULTS 76 days past but lost
    expect(Object.keys(rows)).toEqual(['O4-PAST30']);
    expect(rows['O4-PAST30']).toEqual({
      ...finding('O4', 'bruno', 11000), record_id: 'O4-PAST30',
      evidence: { stage: 'proposal', close_date: '2026-05-31' },
      why: 'open in proposal with close date 2026-05-31, 30 days past',
    });
  });
});

describe('O5 no account', () => {
  it('fires at the rule\'s severity with no account, at low severity with an account but no contact', async () => {
    const rows = await findingsById(warehouse, 'o5');
    // O5-NEITHER has neither: case a, one row; CLOSED-FAULTS has neither but is lost
    expect(Object.keys(rows)).toEqual(['O5-NEITHER', 'O5-NOACCOUNT', 'O5-NOCONTACT']);
    expect(rows['O5-NOACCOUNT']).toEqual({
      ...finding('O5', 'alice', 13000), record_id: 'O5-NOACCOUNT',
      evidence: { case: 'a', stage: 'proposal', account_id: null, contact_id: 'C9' },
      why: 'open in proposal with no account attached',
    });
    expect(rows['O5-NEITHER']).toEqual({
      ...finding('O5', 'bruno', 16000), record_id: 'O5-NEITHER',
      evidence: { case: 'a', stage: 'proposal', account_id: null, contact_id: null },
      why: 'open in proposal with no account attached',
    });
    expect(rows['O5-NOCONTACT']).toEqual({
      ...finding('O5', 'alice', 14000), record_id: 'O5-NOCONTACT', severity_override: 'low',
      evidence: { case: 'b', stage: 'proposal', account_id: 'ACC1', contact_id: null },
      why: 'open in proposal with account ACC1 but no contact attached',
    });
  });
});

describe('H5 won with no amount', () => {
  it('fires for won deals with no amount or 0, not for lost or open ones', async () => {
    const rows = await findingsById(warehouse, 'h5');
    // not: CLOSED-FAULTS (lost, no amount), O1-NOAMOUNT (open, no amount), HIST-NEG (won, 20,000)
    expect(Object.keys(rows)).toEqual(['H5-WON-NOAMOUNT', 'H5-WON-ZERO']);
    expect(rows['H5-WON-NOAMOUNT']).toEqual({
      ...finding('H5', 'alice', null), record_id: 'H5-WON-NOAMOUNT',
      evidence: { stage: 'closed_won', amount: null, closed_at: '2026-06-20 15:00:00', close_date: '2026-06-20' },
      why: 'won on 2026-06-20 with no amount',
    });
    // no closed_at: it closed on its close date
    expect(rows['H5-WON-ZERO']).toEqual({
      ...finding('H5', 'bruno', 0), record_id: 'H5-WON-ZERO',
      evidence: { stage: 'closed_won', amount: 0, closed_at: null, close_date: '2026-06-10' },
      why: 'won on 2026-06-10 with amount 0',
    });
  });
});

describe('H6 fields that contradict the stage', () => {
  let rows: Record<string, Record<string, unknown>>;
  beforeAll(async () => { rows = await findingsById(warehouse, 'h6'); });

  it('fires once per contradicting deal; near misses agree with their stage or give no value', () => {
    // not: H6-OPEN-LOW (open at 5%), H6-WON-100 (won, 100%, closed and won), H6-LOST-0 (lost, 0%, closed,
    // not won), H6-OPEN-FLAGS-OK (open, not closed, not won), and every deal with no probability or flags
    expect(Object.keys(rows)).toEqual(['H6-LOST-10', 'H6-LOST-WON-FLAG', 'H6-MANY', 'H6-OPEN-CLOSED-FLAG', 'H6-OPEN-ZERO', 'H6-WON-90']);
  });

  it('names each probability contradiction', () => {
    expect(rows['H6-OPEN-ZERO']).toEqual({
      ...finding('H6', 'alice', 17000), record_id: 'H6-OPEN-ZERO',
      evidence: { stage: 'proposal', probability: 0, is_closed: null, is_won: null, contradictions: ['open_at_zero'] },
      why: 'stage proposal (open) contradicted by probability 0%',
    });
    expect(rows['H6-WON-90']).toEqual({
      ...finding('H6', 'alice', 5000), record_id: 'H6-WON-90',
      evidence: { stage: 'closed_won', probability: 90, is_closed: null, is_won: null, contradictions: ['won_below_100'] },
      why: 'stage closed_won (won) contradicted by probability 90%',
    });
    expect(rows['H6-LOST-10']).toEqual({
      ...finding('H6', 'bruno', 2500), record_id: 'H6-LOST-10',
      evidence: { stage: 'closed_lost', probability: 10, is_closed: null, is_won: null, contradictions: ['lost_above_zero'] },
      why: 'stage closed_lost (lost) contradicted by probability 10%',
    });
  });

  it('names each flag contradiction, and every contradiction of a deal in its one row', () => {
    expect(rows['H6-OPEN-CLOSED-FLAG']).toEqual({
      ...finding('H6', 'alice', 18000), record_id: 'H6-OPEN-CLOSED-FLAG',
      evidence: { stage: 'proposal', probability: null, is_closed: true, is_won: null, contradictions: ['is_closed_disagrees'] },
      why: 'stage proposal (open) contradicted by is_closed true',
    });
    expect(rows['H6-LOST-WON-FLAG']).toEqual({
      ...finding('H6', 'bruno', 1500), record_id: 'H6-LOST-WON-FLAG',
      evidence: { stage: 'closed_lost', probability: null, is_closed: true, is_won: true, contradictions: ['is_won_disagrees'] },
      why: 'stage closed_lost (lost) contradicted by is_won true',
    });
    // won at 50%, flagged neither closed nor won: three contradictions
    expect(rows['H6-MANY']).toEqual({
      ...finding('H6', 'alice', 19000), record_id: 'H6-MANY',
      evidence: { stage: 'closed_won', probability: 50, is_closed: false, is_won: false,
        contradictions: ['won_below_100', 'is_closed_disagrees', 'is_won_disagrees'] },
      why: 'stage closed_won (won) contradicted by probability 50%, is_closed false, is_won false',
    });
  });
});

describe('thresholds from settings', () => {
  let changed: Warehouse;
  let cleanupChanged: () => void;
  beforeAll(async () => {
    // O4 at 29 days past, O3 stage limits at 1.5 x the median, and no stage limit set in config
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      audit: { ...DEFAULT_AUDIT_SETTINGS, thresholds: { ...DEFAULT_AUDIT_THRESHOLDS, o4_days_past: 29, o3_stage_median_factor: 1.5 } },
    };
    ({ warehouse: changed, cleanup: cleanupChanged } = await loadFixture(settings));
  });
  afterAll(() => cleanupChanged());

  it('O4 at 29 days takes in the deal 29 days past its close date', async () => {
    expect((await findings(changed, 'o4')).map((row) => row.record_id)).toEqual(['O4-PAST29', 'O4-PAST30']);
  });

  it('O3 follows the median factor and drops the config limit that is no longer set', async () => {
    const rows = await findingsById(changed, 'o3');
    // value_proposition: 1.5 x 18 = 27 -> O3-HISTORY (36) and O3-HISTORY-NEAR (35) fire; MOVED-VP (14) does not
    // negotiation: no config limit, 1.5 x 29 = 43.5 -> O3-CONFIG (20) no longer fires
    expect(Object.keys(rows)).toEqual(['O3-BOTH', 'O3-DEFAULT', 'O3-HISTORY', 'O3-HISTORY-NEAR', 'O3-IDLE', 'O3-NOACT']);
    expect(rows['O3-HISTORY-NEAR']).toMatchObject({
      evidence: { case: 'stage_limit', entered_stage_on: '2026-05-26', stage_limit_days: 27, stage_limit_source: 'history' },
      why: 'open in value_proposition: in the stage 35 days since 2026-05-26, limit 27 days (1.5 x the historical median of 18 days)',
    });
  });
});
