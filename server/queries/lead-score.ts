import { sql, type Kysely } from 'kysely';
import type { LeadScoreAccuracyRow, LeadScoreTrainingRow, Marts } from '../db/marts.ts';
import { learnLeadEncoding, type EncodedColumn } from '../statistics/lead-features.ts';
import { warehouseMemo } from './warehouse-memo.ts';
import { auc, fitLogisticRegression, MAX_ITERATIONS, predictProbabilities } from '../statistics/logistic-regression.ts';

/** Fewer settled leads than this leave too few per feature level to learn from (and a holdout of under 50). */
export const MIN_SETTLED_LEADS = 200;
/**
 * At most this many settled leads are read for the learned score (a fixed sample by sample_key
 * beyond it): the fit's time grows with the leads, its accuracy barely does past tens of
 * thousands, and the AUC of 12,500 held-out leads is within about ±0.01.
 */
export const MAX_LEARNING_LEADS = 50_000;
/** How many of the learned score's features the card lists. */
export const STRONGEST_FEATURES = 8;
/** A held-out lead counts as predicted converted at this probability or above. */
export const PREDICTION_THRESHOLD = 0.5;
/** Fitted models kept per warehouse: one per (as-of date, load) recently viewed. */
const CACHED_MODELS = 16;

/** A feature of the learned score with its coefficient: the change in log-odds of converting. */
export type StrongFeature = EncodedColumn & { coefficient: number };

export interface LearnedLeadScore {
  auc: number | null;
  accuracy: number | null;
  /** Accuracy of calling every held-out lead by the training leads' more common outcome: what accuracy must beat. */
  baseline_accuracy: number | null;
  training_leads: number;
  holdout_leads: number;
  /** All settled leads as of the date, and whether the model read only a fixed sample of them. */
  settled_leads: number;
  is_sampled: boolean;
  /** Share of the settled leads that converted. */
  converted_share: number | null;
  strongest: StrongFeature[];
  /** Why there is no model, or why to read it with care; null when all is well. */
  note: string | null;
}

/** The three lead scores side by side, each judged on the held-out settled leads. */
export interface LeadScoreModels {
  as_of: string;
  points: { auc: number | null; holdout_leads: number };
  crm: { auc: number | null; scored_leads: number };
  learned: LearnedLeadScore;
}

export interface LeadScoreOptions { maxLearningLeads?: number }

// Fitting reads every settled lead: keep the result until a load or rebuild changes the data.
const fittedModels = warehouseMemo<LearnedLeadScore>(CACHED_MODELS);

/**
 * The points score's and the CRM score's AUC on the held-out leads (sql/marts/lead_score_accuracy.sql)
 * beside the learned score's, fitted on the other settled leads of sql/marts/lead_score_training_set.sql.
 */
export async function selectLeadScoreModels(db: Kysely<Marts>, asOf: string, options: LeadScoreOptions = {}): Promise<LeadScoreModels> {
  const [accuracy, learned] = await Promise.all([
    db.selectFrom(sql<LeadScoreAccuracyRow>`lead_score_accuracy(${asOf}::date)`.as('accuracy')).selectAll().execute(),
    cachedLearnedScore(db, asOf, options.maxLearningLeads ?? MAX_LEARNING_LEADS),
  ]);
  const points = accuracy.find((row) => row.score === 'points');
  const crm = accuracy.find((row) => row.score === 'crm');
  return {
    as_of: asOf,
    points: { auc: points?.auc ?? null, holdout_leads: points?.holdout_leads ?? 0 },
    crm: { auc: crm?.auc ?? null, scored_leads: crm?.scored_leads ?? 0 },
    learned,
  };
}

function cachedLearnedScore(db: Kysely<Marts>, asOf: string, maxLeads: number): Promise<LearnedLeadScore> {
  return fittedModels(db, `${asOf}|${maxLeads}`, () => learnLeadScore(db, asOf, maxLeads));
}

async function learnLeadScore(db: Kysely<Marts>, asOf: string, maxLeads: number): Promise<LearnedLeadScore> {
  const trainingSet = () => db.selectFrom(sql<LeadScoreTrainingRow>`lead_score_training_set(${asOf}::date)`.as('training_set'));
  const { settled, converted } = await trainingSet()
    .select((eb) => [eb.fn.countAll<number>().as('settled'), eb.fn.countAll<number>().filterWhere('converted', '=', true).as('converted')])
    .executeTakeFirstOrThrow();
  const isSampled = settled > maxLeads;
  const leads = await trainingSet().selectAll()
    .$if(isSampled, (query) => query.where('sample_key', '<', maxLeads / settled))
    .orderBy('system').orderBy('lead_id').execute();
  const training = leads.filter((lead) => !lead.is_holdout);
  const holdout = leads.filter((lead) => lead.is_holdout);
  const trainingConverted = training.filter((lead) => lead.converted).length;
  const sizes = {
    training_leads: training.length, holdout_leads: holdout.length, settled_leads: settled, is_sampled: isSampled,
    converted_share: settled > 0 ? converted / settled : null,
    baseline_accuracy: shareCorrect(holdout, () => trainingConverted > training.length / 2),
  };
  const withoutModel = (note: string): LearnedLeadScore => ({ ...sizes, auc: null, accuracy: null, strongest: [], note });
  if (settled < MIN_SETTLED_LEADS) {
    return withoutModel(`${settled} settled leads as of ${asOf}: the learned score needs at least ${MIN_SETTLED_LEADS}.`);
  }
  if (trainingConverted === 0 || trainingConverted === training.length) {
    return withoutModel(`${trainingConverted === 0 ? 'None' : 'All'} of the ${training.length} settled leads it would learn from converted: there is nothing to tell apart.`);
  }
  return { ...sizes, ...fitAndJudge(training, holdout) };
}

/** Fits the learned score on the training leads and judges it on the held-out ones. */
function fitAndJudge(training: LeadScoreTrainingRow[], holdout: LeadScoreTrainingRow[]) {
  const encoding = learnLeadEncoding(training);
  const model = fitLogisticRegression(training.map(encoding.encode), training.map((lead) => lead.converted));
  const probabilities = predictProbabilities(model, holdout.map(encoding.encode));
  const strongest = encoding.columns
    .map((column, j) => ({ ...column, coefficient: model.coefficients[j] }))
    .sort((a, b) => Math.abs(b.coefficient) - Math.abs(a.coefficient))
    .slice(0, STRONGEST_FEATURES);
  return {
    auc: auc(probabilities, holdout.map((lead) => lead.converted)),
    accuracy: shareCorrect(holdout, (_, i) => probabilities[i] >= PREDICTION_THRESHOLD),
    strongest,
    note: model.converged ? null : `The fit had not settled after ${MAX_ITERATIONS} steps: read its figures with care.`,
  };
}

/** The share of leads whose predicted outcome is their outcome; null with no lead. */
function shareCorrect(leads: LeadScoreTrainingRow[], predictsConverted: (lead: LeadScoreTrainingRow, index: number) => boolean): number | null {
  if (leads.length === 0) return null;
  return leads.filter((lead, i) => predictsConverted(lead, i) === lead.converted).length / leads.length;
}
