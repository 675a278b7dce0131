import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { xoroshiro128plus } from 'pure-rand';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../pipelines/config/settings.ts';
import { loadSnapshot } from '../../pipelines/load/load-snapshot.ts';
import type { Warehouse } from '../../server/db/warehouse.ts';
import { selectLeadScoreModels } from '../../server/queries/lead-score.ts';
import { learnLeadEncoding, type LeadFeatures } from '../../server/statistics/lead-features.ts';
import { auc, fitLogisticRegression, predictProbabilities } from '../../server/statistics/logistic-regression.ts';
import { FIXTURES, fixtureWarehouse, martsOf } from '../support/fixture-warehouse.ts';

/** The hash behind the split, worked out here from the rule itself: md5(system || lead_id) in hex. */
const md5Hex = (system: string, leadId: string) => createHash('md5').update(system + leadId).digest('hex');
/** Held out: the first 32 bits mod 4 = 0. */
const isHeldOut = (system: string, leadId: string) => parseInt(md5Hex(system, leadId).slice(0, 8), 16) % 4 === 0;
/** The fixed sample draw: the next 32 bits as a fraction of 2^32. */
const sampleKey = (system: string, leadId: string) => parseInt(md5Hex(system, leadId).slice(8, 16), 16) / 2 ** 32;

describe('fitLogisticRegression', () => {
  it('gives the closed-form fit of one yes/no feature when unpenalised', () => {
    // 10 leads without the feature, 2 converted; 10 with it, 6 converted. The fit reproduces each group's rate:
    // intercept = logit(0.2) = ln(0.2 / 0.8) = -1.3863; coefficient = logit(0.6) - logit(0.2) = ln(1.5) - ln(0.25) = ln 6 = 1.7918
    const rows = [...Array(10).fill([0]), ...Array(10).fill([1])];
    const labels = [...[1, 1, 0, 0, 0, 0, 0, 0, 0, 0], ...[1, 1, 1, 1, 1, 1, 0, 0, 0, 0]].map(Boolean);
    const model = fitLogisticRegression(rows, labels, { l2Penalty: 0 });
    expect(model.converged).toBe(true);
    expect(model.intercept).toBeCloseTo(Math.log(0.25), 8);
    expect(model.coefficients[0]).toBeCloseTo(Math.log(6), 8);
    expect(predictProbabilities(model, [[0], [1]])).toEqual([expect.closeTo(0.2, 8), expect.closeTo(0.6, 8)]);
  });

  it('recovers the coefficients of a known logistic model from 20,000 seeded draws', () => {
    // P(y) = 1 / (1 + exp(-(-0.5 + 1.2 x1 - 0.8 x2 + 0.5 x3))), x1 ~ N(0, 1), x2 ~ Bernoulli(0.3), x3 ~ U(-1, 1).
    // Standard errors are about 1 / sqrt(n p(1-p) var(x)) with p(1-p) ~ 0.2: x1 0.016, x2 0.035, x3 0.027, intercept ~0.02;
    // 0.1 is three standard errors or more for each. The penalty 0.1 shrinks by ~0.1 beta / (n 0.2 var(x)): under 0.0001.
    const truth = { intercept: -0.5, coefficients: [1.2, -0.8, 0.5] };
    const rng = xoroshiro128plus(20_260_630);
    const uniform = () => ((rng.unsafeNext() >>> 0) + 0.5) / 2 ** 32;
    const rows: number[][] = [];
    const labels: boolean[] = [];
    for (let i = 0; i < 20_000; i++) {
      const x = [Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()), Number(uniform() < 0.3), 2 * uniform() - 1];
      const eta = x.reduce((sum, value, j) => sum + value * truth.coefficients[j], truth.intercept);
      rows.push(x);
      labels.push(uniform() < 1 / (1 + Math.exp(-eta)));
    }
    const model = fitLogisticRegression(rows, labels);
    expect(model.converged).toBe(true);
    expect(model.iterations).toBeLessThanOrEqual(10);
    expect(Math.abs(model.intercept - truth.intercept)).toBeLessThan(0.1);
    model.coefficients.forEach((coefficient, j) => expect(Math.abs(coefficient - truth.coefficients[j])).toBeLessThan(0.1));
  });

  it('stays finite where a feature separates the classes, held by the penalty', () => {
    // every lead with the feature converted: the unpenalised estimate is +infinity. With λ = 0.1 the optimum is where
    // the penalised gradient is zero: for the coefficient, Σ over the two leads with it (1 - p1) = λ b, i.e. 2 (1 - p1) = 0.1 b;
    // for the unpenalised intercept, Σ (y - p) = 0, i.e. (1 - 4 p0) + 2 (1 - p1) = 0.
    const rows = [[0], [0], [0], [0], [1], [1]];
    const labels = [true, false, false, false, true, true];
    const model = fitLogisticRegression(rows, labels, { l2Penalty: 0.1 });
    expect(model.converged).toBe(true);
    const [p0, p1] = predictProbabilities(model, [[0], [1]]);
    expect(Number.isFinite(model.coefficients[0])).toBe(true);
    expect(2 * (1 - p1)).toBeCloseTo(0.1 * model.coefficients[0], 10);
    expect(1 - 4 * p0 + 2 * (1 - p1)).toBeCloseTo(0, 10);
  });
});

describe('auc', () => {
  it('counts a tie as half a win, by average ranks', () => {
    // converted: 0.4, 0.8; not: 0.1, 0.35, 0.4. Pairs: 0.4 beats 0.1 and 0.35 and ties 0.4 -> 2.5; 0.8 beats all three -> 3.
    // AUC = 5.5 / (2 x 3) = 0.91667. By ranks: 0.1 -> 1, 0.35 -> 2, 0.4 and 0.4 -> 3.5, 0.8 -> 5;
    // converted ranks 3.5 + 5 = 8.5; (8.5 - 2 x 3 / 2) / 6 = 5.5 / 6.
    expect(auc([0.1, 0.4, 0.35, 0.8, 0.4], [false, true, false, true, false])).toBeCloseTo(5.5 / 6, 12);
  });

  it('is 0.5 when every score ties, 0 when the ranking is backwards, and null with one class', () => {
    expect(auc([3, 3, 3, 3], [true, false, true, false])).toBe(0.5);
    expect(auc([1, 2, 3], [true, false, false])).toBe(0);
    expect(auc([1, 2], [true, true])).toBeNull();
    expect(auc([], [])).toBeNull();
  });
});

describe('learnLeadEncoding', () => {
  const lead = (source_name: string | null, activity_count: number | null): LeadFeatures => ({
    source_name, industry: null, country: null, company_size_band: 'unknown', activity_count, days_since_activity: null,
    budget_answer: 'unknown', authority_answer: 'unknown', need_answer: 'unknown', timeline_answer: 'unknown',
    has_budget_amount: false, has_expected_decision_date: false, has_email: false, has_phone: false,
  });

  it('gives common levels a column against the most common one, pools the rare, keeps unknown apart, and drops constants', () => {
    // web 40, event 30, fair 2 + expo 1 -> other (3), none 5 -> unknown; web is the reference
    const training = [
      ...Array.from({ length: 40 }, () => lead('web', 1)), ...Array.from({ length: 30 }, () => lead('event', Math.E - 1)),
      lead('fair', null), lead('fair', null), lead('expo', null), ...Array.from({ length: 5 }, () => lead(null, 1)),
    ];
    const encoding = learnLeadEncoding(training);
    expect(encoding.columns).toEqual([
      { feature: 'source_name', level: 'event', reference: 'web' },
      { feature: 'source_name', level: 'unknown', reference: 'web' },
      { feature: 'source_name', level: 'other', reference: 'web' },
      { feature: 'activity_count_unknown', level: null, reference: null },
      { feature: 'activity_count', level: null, reference: null },
    ]);
    // log1p: 45 leads at ln 2 = 0.6931, 30 at ln e = 1; mean = (45 x 0.6931 + 30) / 75 = 0.8159
    const mean = (45 * Math.log(2) + 30) / 75;
    const sd = Math.sqrt((45 * (Math.log(2) - mean) ** 2 + 30 * (1 - mean) ** 2) / 74);
    expect(encoding.encode(lead('event', Math.E - 1))).toEqual([1, 0, 0, 0, expect.closeTo((1 - mean) / sd, 12)]);
    // a source never seen in training is pooled like the rare ones; unknown activity reads as the mean
    expect(encoding.encode(lead('podcast', null))).toEqual([0, 0, 1, 1, 0]);
  });
});

describe('lead_score_training_set and lead_score_accuracy on test/fixtures/canonical/lead_score', () => {
  const AS_OF = '2026-06-30';
  let warehouse: Warehouse;
  let cleanup: () => void;
  beforeAll(async () => {
    ({ warehouse, cleanup } = await fixtureWarehouse());
    await loadSnapshot(warehouse, { folder: join(FIXTURES, 'canonical/lead_score/2026-06-30'), asOf: AS_OF, settings: DEFAULT_SETTINGS });
  });
  afterAll(() => cleanup?.());

  it('keeps the settled leads with their label, side and configured scores', async () => {
    // settled: converted (LS01, LS03, LS04, LS07, LS24), disqualified however young (LS05, LS09), created on or before
    // 2026-04-01 = 90 days before (LS02, LS21 exactly 90), no creation date (LS23). Open and younger: LS06, LS25 (89 days), LS28.
    // Points (default config): activity count >= 10: 15, >= 5: 10, >= 1: 5; employees >= 250: 15; activity after creation
    // within 7 days: 15; 10 per BANT answer confirmed true.
    //   LS01 5 + 15 (300 employees) = 20; LS02 no count = 0; LS03 15 + 15 (active 06-25, 5 days) + 40 = 70; LS04 10 (budget false);
    //   LS05 5; LS07 5; LS09 10; LS21 0 (its activity 03-30 came before creation); LS23 5; LS24 5
    const rows = await warehouse.query(`select lead_id, converted, is_holdout, points_score, crm_score from lead_score_training_set($1::date) order by lead_id`, [AS_OF]);
    expect(rows).toEqual([
      { lead_id: 'LS01', converted: true, is_holdout: false, points_score: 20, crm_score: 70 },
      { lead_id: 'LS02', converted: false, is_holdout: false, points_score: 0, crm_score: 30 },
      { lead_id: 'LS03', converted: true, is_holdout: true, points_score: 70, crm_score: 80 },
      { lead_id: 'LS04', converted: true, is_holdout: true, points_score: 10, crm_score: 40 },
      { lead_id: 'LS05', converted: false, is_holdout: false, points_score: 5, crm_score: null },
      { lead_id: 'LS07', converted: true, is_holdout: false, points_score: 5, crm_score: 50 },
      { lead_id: 'LS09', converted: false, is_holdout: true, points_score: 10, crm_score: 40 },
      { lead_id: 'LS21', converted: false, is_holdout: true, points_score: 0, crm_score: null },
      { lead_id: 'LS23', converted: false, is_holdout: true, points_score: 5, crm_score: 20 },
      { lead_id: 'LS24', converted: true, is_holdout: true, points_score: 5, crm_score: 60 },
    ]);
    for (const row of rows) expect(row.is_holdout).toBe(isHeldOut('canonical', String(row.lead_id)));
    const keys = await warehouse.query(`select lead_id, sample_key from lead_score_training_set($1::date)`, [AS_OF]);
    for (const row of keys) expect(row.sample_key).toBe(sampleKey('canonical', String(row.lead_id)));
    // LS25 and LS28 are held out too, but not settled: their high and low scores must not reach the AUC
    expect([isHeldOut('canonical', 'LS25'), isHeldOut('canonical', 'LS28')]).toEqual([true, true]);
  });

  it('gives the raw features the learned score reads, without status or score', async () => {
    const features = await warehouse.query(`select * exclude (system, converted, is_holdout, sample_key, points_score, crm_score)
      from lead_score_training_set($1::date) where lead_id in ('LS01', 'LS02', 'LS03', 'LS04', 'LS05', 'LS21', 'LS23') order by lead_id`, [AS_OF]);
    const none = { industry: null, country: null, budget_answer: 'unknown', authority_answer: 'unknown', need_answer: 'unknown', timeline_answer: 'unknown',
      has_budget_amount: false, has_expected_decision_date: false, has_email: false, has_phone: false, days_since_activity: null, company_size_band: 'unknown' };
    expect(features).toEqual([
      { ...none, lead_id: 'LS01', source_name: 'web', company_size_band: '250-999', activity_count: 3, has_email: true },
      { ...none, lead_id: 'LS02', source_name: 'web', activity_count: null, has_budget_amount: true, has_phone: true },
      { ...none, lead_id: 'LS03', source_name: 'event', activity_count: 12, days_since_activity: 5, has_email: true,
        budget_answer: 'true', authority_answer: 'true', need_answer: 'true', timeline_answer: 'true' },
      // a budget amount of 0 is no budget
      { ...none, lead_id: 'LS04', source_name: 'web', activity_count: 6, budget_answer: 'false' },
      { ...none, lead_id: 'LS05', source_name: 'web', activity_count: 2, has_expected_decision_date: true },
      { ...none, lead_id: 'LS21', source_name: 'web', activity_count: 0 },
      { ...none, lead_id: 'LS23', source_name: '(none)', activity_count: 1 },
    ]);
  });

  it('gives the AUC of each configured score on the held-out leads, as auc() does', async () => {
    // held out: LS03 70 +, LS04 10 +, LS09 10 -, LS21 0 -, LS23 5 -, LS24 5 + (3 converted, 3 not).
    // Points ranks: 0 -> 1; 5, 5 -> 2.5; 10, 10 -> 4.5; 70 -> 6. Converted: 6 + 4.5 + 2.5 = 13; AUC = (13 - 3 x 4 / 2) / (3 x 3) = 7/9.
    //   By pairs: 70 beats 3; 10 ties 10, beats 0 and 5 -> 2.5; 5 ties 5, beats 0 -> 1.5; 7 / 9.
    // CRM: LS21 has none. 20 - -> 1; 40 +, 40 - -> 2.5; 60 + -> 4; 80 + -> 5. Converted: 5 + 4 + 2.5 = 11.5;
    //   AUC = (11.5 - 6) / (3 x 2) = 11/12.
    const accuracy = await warehouse.query(`select * from lead_score_accuracy($1::date)`, [AS_OF]);
    expect(accuracy).toEqual([
      { score: 'points', holdout_leads: 6, scored_leads: 6, positives: 3, negatives: 3, auc: expect.closeTo(7 / 9, 12) },
      { score: 'crm', holdout_leads: 6, scored_leads: 5, positives: 3, negatives: 2, auc: expect.closeTo(11 / 12, 12) },
    ]);
    const holdout = await warehouse.query(`select points_score, crm_score, converted from lead_score_training_set($1::date) where is_holdout`, [AS_OF]);
    expect(auc(holdout.map((row) => Number(row.points_score)), holdout.map((row) => row.converted === true))).toBeCloseTo(7 / 9, 12);
    const scored = holdout.filter((row) => row.crm_score !== null);
    expect(auc(scored.map((row) => Number(row.crm_score)), scored.map((row) => row.converted === true))).toBeCloseTo(11 / 12, 12);
  });

  it('gives no AUC before any lead exists', async () => {
    expect(await warehouse.query(`select score, holdout_leads, positives, negatives, auc from lead_score_accuracy('2026-06-29'::date)`)).toEqual([
      { score: 'points', holdout_leads: 0, positives: 0, negatives: 0, auc: null },
      { score: 'crm', holdout_leads: 0, positives: 0, negatives: 0, auc: null },
    ]);
  });

  it('fits no learned score on 10 settled leads, says why, and keeps the answer until the next load', async () => {
    const db = martsOf(warehouse);
    const models = await selectLeadScoreModels(db, AS_OF);
    // converted 5 of 10 settled; the training leads split 2 and 2, so the usual outcome is "not converted":
    // right for 3 of the 6 held out (LS09, LS21, LS23)
    expect(models).toEqual({
      as_of: AS_OF,
      points: { auc: expect.closeTo(7 / 9, 12), holdout_leads: 6 },
      crm: { auc: expect.closeTo(11 / 12, 12), scored_leads: 5 },
      learned: {
        auc: null, accuracy: null, baseline_accuracy: 0.5, training_leads: 4, holdout_leads: 6, settled_leads: 10, is_sampled: false,
        converted_share: 0.5, strongest: [],
        note: '10 settled leads as of 2026-06-30: the learned score needs at least 200.',
      },
    });
    expect((await selectLeadScoreModels(db, AS_OF)).learned).toBe(models.learned);
    await loadSnapshot(warehouse, { folder: join(FIXTURES, 'canonical/lead_score/2026-06-30'), asOf: '2026-07-07', settings: DEFAULT_SETTINGS });
    const afterLoad = await selectLeadScoreModels(db, AS_OF);
    expect(afterLoad.learned).not.toBe(models.learned);
    expect(afterLoad.learned).toEqual(models.learned);
  });
});

describe('the learned lead score on the X Education leads (data/mappings/x-education.map.json)', () => {
  const AS_OF = '2026-01-01'; // as test/pipelines/public-data-sets.test.ts: the set has no dates, any as-of date will do
  const FOLDER = resolve(import.meta.dirname, '../../../shared/data/external/x-education-lead-scoring');
  let warehouse: Warehouse;
  let cleanup: () => void;
  beforeAll(async () => {
    ({ warehouse, cleanup } = await fixtureWarehouse());
    await loadSnapshot(warehouse, { folder: FOLDER, asOf: AS_OF, mappingFile: resolve(import.meta.dirname, '../../data/mappings/x-education.map.json'), settings: DEFAULT_SETTINGS });
  });
  afterAll(() => cleanup?.());

  it('reads Specialization as industry, the form placeholder "Select" as unknown', async () => {
    // SOURCE.md: "Select" 1,942; counted from Leads.csv: 1,438 empty, 18 named specialisations on the other 5,860
    const [industry] = await warehouse.query(`select count(*) filter (where industry is null) as unknown, count(distinct industry) as named from leads`);
    expect(industry).toEqual({ unknown: 1942 + 1438, named: 18 });
  });

  it('judges all three scores on the same held-out quarter and beats guessing the usual outcome', async () => {
    const models = await selectLeadScoreModels(martsOf(warehouse), AS_OF);
    // every lead is settled (no dates); the held-out ones by the md5 rule, worked out here from the raw Lead Numbers
    const raw = await warehouse.query(`select "Lead Number" as id from read_csv('${join(FOLDER, 'Leads.csv')}', header = true, all_varchar = true)`);
    const heldOut = raw.filter((row) => isHeldOut('x-education', String(row.id))).length;
    expect(heldOut).toBe(2242);
    expect(models.learned).toMatchObject({ training_leads: 9240 - heldOut, holdout_leads: heldOut, settled_leads: 9240, is_sampled: false, note: null });
    // SOURCE.md: 3,561 of 9,240 converted
    expect(models.learned.converted_share).toBeCloseTo(3561 / 9240, 12);
    expect(models.points.holdout_leads).toBe(heldOut);
    // the mapping leaves score empty, so the CRM score cannot be judged
    expect(models.crm).toEqual({ auc: null, scored_leads: 0 });
    // The published models reach about 80% accuracy with all 37 columns, among them the sales team's Tags and Lead
    // Quality and the time spent on the website, which the canonical lead has no field for. With the canonical fields
    // mapped (source, country, industry from Specialization, activity count from TotalVisits) the fit measured
    // AUC 0.696 and accuracy 68.3% on the 2,242 held-out leads, where always guessing "not converted" is right
    // 1,411 / 2,242 = 62.9%. Floors: AUC 0.68 and accuracy 66%, 1.5 to 2 standard errors below those figures
    // (AUC about 0.011 by Hanley-McNeil, accuracy sqrt(0.683 x 0.317 / 2,242) = 0.010), so an encoding or fitting
    // change that loses real skill fails while the figures' noise does not.
    expect(models.learned.baseline_accuracy).toBeCloseTo(1411 / 2242, 12);
    expect(models.learned.auc).toBeGreaterThanOrEqual(0.68);
    expect(models.learned.accuracy).toBeGreaterThanOrEqual(0.66);
    expect(models.learned.strongest).toHaveLength(8);
  });

  it('gives the points score the AUC auc() gives on the same held-out leads, ties and all', async () => {
    // the default points read only the activity count here (5 / 10 / 15 points): thousands of ties
    const holdout = await warehouse.query(`select points_score, converted from lead_score_training_set($1::date) where is_holdout`, [AS_OF]);
    const expected = auc(holdout.map((row) => Number(row.points_score)), holdout.map((row) => row.converted === true));
    const [points] = await warehouse.query(`select auc from lead_score_accuracy($1::date) where score = 'points'`, [AS_OF]);
    expect(Number(points.auc)).toBeCloseTo(expected!, 12);
  });

  it('reads a fixed sample of the settled leads where there are more than it may fit', async () => {
    // 4,000 of 9,240: the leads whose sample_key, the md5's second 32 bits over 2^32, is below 4,000 / 9,240
    const raw = await warehouse.query(`select "Lead Number" as id from read_csv('${join(FOLDER, 'Leads.csv')}', header = true, all_varchar = true)`);
    const sampled = raw.map((row) => String(row.id)).filter((id) => sampleKey('x-education', id) < 4000 / 9240);
    const models = await selectLeadScoreModels(martsOf(warehouse), AS_OF, { maxLearningLeads: 4000 });
    expect(models.learned).toMatchObject({
      is_sampled: true, settled_leads: 9240,
      holdout_leads: sampled.filter((id) => isHeldOut('x-education', id)).length,
      training_leads: sampled.filter((id) => !isHeldOut('x-education', id)).length,
    });
    // the share converted is still that of all settled leads; the configured scores still read every held-out lead
    expect(models.learned.converted_share).toBeCloseTo(3561 / 9240, 12);
    expect(models.points.holdout_leads).toBe(2242);
  });
});
