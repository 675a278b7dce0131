/**
 * The quarterly audit, its impact and its review decisions (DESIGN section 6) on
 * test/fixtures/canonical/audit_reviews: leads A1-A3 break rule L1 in the 2026-Q2 quarter-end
 * snapshot (2026-06-29); by 2026-07-13 A2 is converted (resolved), A3 moved to nurturing (its
 * evidence changed, still L1), A1 is unchanged. A4 misses L1 (timeline unknown).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildModels } from '../../pipelines/build-models.ts';
import { DEFAULT_SETTINGS, writeSettingsTables } from '../../pipelines/config/settings.ts';
import { ingestPath } from '../../pipelines/load/ingest-path.ts';
import { loadSnapshot } from '../../pipelines/load/load-snapshot.ts';
import { ensureAuditFindings } from '../../pipelines/audit-findings-cache.ts';
import { appRouter } from '../../server/routers/app.ts';
import { FIXTURES, fixtureWarehouse, martsOf } from '../support/fixture-warehouse.ts';

const AUDIT_REVIEWS = join(FIXTURES, 'canonical/audit_reviews');
const QUARTER_END = '2026-06-29';
const LATER = '2026-07-13';
let cleanup: (() => void) | undefined;
afterEach(() => { cleanup?.(); cleanup = undefined; });

async function warehouseWith(folders: string[]) {
  const fixture = await fixtureWarehouse();
  cleanup = fixture.cleanup;
  for (const date of folders) await loadSnapshot(fixture.warehouse, { folder: join(AUDIT_REVIEWS, date), asOf: date, settings: DEFAULT_SETTINGS });
  // the audit marts read the findings kept per date (pipelines/audit-findings-cache.ts)
  await ensureAuditFindings(fixture.warehouse, folders);
  const api = (userName: string | null) => appRouter.createCaller({ db: martsOf(fixture.warehouse), warehouse: fixture.warehouse, isLocalCaller: false, userName });
  return { ...fixture, api };
}

const l1 = (rows: Record<string, unknown>[]) => rows.filter((row) => row.rule_id === 'L1');
const review = (id: string, decision: 'confirmed' | 'not_an_issue' | 'fixed', asOf = QUARTER_END) =>
  ({ system: 'canonical', kind: 'lead' as const, id, rule: 'L1', asOf, decision, note: `${decision} by hand` });

describe('the quarterly audit', () => {
  it('runs a past quarter as of its quarter-end snapshot and the quarter under way as of the as-of snapshot', async () => {
    const { warehouse } = await warehouseWith([QUARTER_END, LATER]);
    expect(await warehouse.query(`select * from audit_quarters('${LATER}'::date)`)).toEqual([
      { quarter: '2026-Q2', quarter_start: '2026-04-01', quarter_end: '2026-06-30', snapshot_date: QUARTER_END, is_complete: true },
      { quarter: '2026-Q3', quarter_start: '2026-07-01', quarter_end: '2026-09-30', snapshot_date: LATER, is_complete: false },
    ]);
  });

  it('finds A1-A3 at the quarter end and says which still hold later: A2 was converted since', async () => {
    const { warehouse } = await warehouseWith([QUARTER_END, LATER]);
    const since = await warehouse.query(`select record_id, since_audit, amount_at_stake from audit_findings_since('${QUARTER_END}'::date, '${LATER}'::date) where rule_id = 'L1' order by record_id`);
    // A1 values at its budget 30,000; A2 and A3 have none: the median won deal of their segment
    // (no employees: 'unknown'), OP0's 10,000
    expect(since).toEqual([
      { record_id: 'A1', since_audit: 'holds', amount_at_stake: 30000 },
      { record_id: 'A2', since_audit: 'resolved', amount_at_stake: 10000 },
      { record_id: 'A3', since_audit: 'holds', amount_at_stake: 10000 },
    ]);
    const [comparison] = l1(await warehouse.query(`select * from audit_quarter_comparison('${QUARTER_END}'::date, '${LATER}'::date)`));
    expect(comparison).toMatchObject({ findings: 3, amount_at_stake: 50000, resolved: 1, resolved_amount: 10000, still_holding: 2 });
  });

  it('reads what misclassification does to pipeline, funnel and forecast, worked by hand', async () => {
    const { warehouse } = await warehouseWith([QUARTER_END]);
    const [impact] = await warehouse.query(`select * from audit_impact('${QUARTER_END}'::date, '2026-04-01'::date, '2026-06-30'::date, '2026-04-01'::date, '2026-06-30'::date)`);
    // hidden: A1 30,000 + A2 10,000 + A3 10,000 = 50,000; no open deal, nothing inflated
    // funnel: A0-A4 created in Q2, A0 converted: 1/5 = 0.2; with A1-A3 converted 4/5 = 0.8
    // forecast: OP0 won 10,000 in Q2; + 50,000 x 10% (qualification's default) = 15,000
    expect(impact).toMatchObject({
      hidden_leads: 3, hidden_value: 50000, hidden_leads_without_estimate: 0, inflated_opportunities: 0, inflated_amount: 0,
      open_pipeline: 0, open_pipeline_reclassified: 50000, funnel_leads: 5, funnel_converted: 1, funnel_hidden: 3, funnel_inflated: 0,
      conversion_rate: 0.2, conversion_rate_reclassified: 0.8, weighted_forecast: 10000, weighted_forecast_reclassified: 15000,
    });
  });
});

describe('review decisions', () => {
  it('need the reviewer\'s name and a finding the audit raises', async () => {
    const { api } = await warehouseWith([QUARTER_END]);
    await expect(api(null).audit.review(review('A1', 'confirmed'))).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(api('Rita Ops').audit.review(review('A4', 'confirmed'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('are kept with who and when, across a rebuild of the models and a reload of the snapshot', async () => {
    const { warehouse, api } = await warehouseWith([QUARTER_END]);
    const stored = await api('Rita Ops').audit.review(review('A1', 'confirmed'));
    expect(stored).toMatchObject({ review_id: 1, status: 'confirmed' });
    await warehouse.transaction(async (tx) => { await writeSettingsTables(tx, DEFAULT_SETTINGS); await buildModels(tx); });
    await ingestPath(warehouse, { path: join(AUDIT_REVIEWS, QUARTER_END), asOf: QUARTER_END, replace: true, settings: DEFAULT_SETTINGS });
    const { finding, reviews } = await api(null).audit.finding({ system: 'canonical', kind: 'lead', id: 'A1', rule: 'L1', asOf: QUARTER_END });
    expect(finding).toMatchObject({ status: 'confirmed', reviewer: 'Rita Ops', review_note: 'confirmed by hand', evidence_changed: false });
    expect(reviews).toHaveLength(1);
  });

  it('keep "not an issue" quiet while the evidence is unchanged, and reopen the finding once it changes', async () => {
    const { warehouse, api } = await warehouseWith([QUARTER_END]);
    await api('Rita Ops').audit.review(review('A1', 'not_an_issue'));
    await api('Rita Ops').audit.review(review('A3', 'not_an_issue'));
    await loadSnapshot(warehouse, { folder: join(AUDIT_REVIEWS, LATER), asOf: LATER, settings: DEFAULT_SETTINGS });
    const { rows } = await api(null).audit.findings({ asOf: LATER, rule: 'L1' });
    const second = Object.fromEntries(rows.map((row) => [row.record_id, row]));
    // A1 is the same record in 2026-07-13: still quiet; A3 went from working to nurturing: open again
    expect(second.A1).toMatchObject({ status: 'not_an_issue', evidence_changed: false });
    expect(second.A3).toMatchObject({ status: 'open', evidence_changed: true, review_decision: 'not_an_issue' });
  });

  it('count in the rule summary by status', async () => {
    const { warehouse, api } = await warehouseWith([QUARTER_END]);
    await api('Rita Ops').audit.review(review('A1', 'confirmed'));
    await api('Rita Ops').audit.review(review('A2', 'fixed'));
    await api('Rita Ops').audit.review(review('A2', 'not_an_issue'));
    await ensureAuditFindings(warehouse, [QUARTER_END]);
    const [summary] = l1(await warehouse.query(`select * from audit_rule_summary('${QUARTER_END}'::date)`));
    // the latest decision counts: A2's "not an issue" replaced its "fixed"
    expect(summary).toMatchObject({ findings: 3, open: 1, confirmed: 1, not_an_issue: 1, fixed: 0, amount_at_stake: 50000 });
  });
});
