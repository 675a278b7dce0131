/**
 * How a settled lead's raw features (sql/marts/lead_score_training_set.sql) become the numbers the
 * learned lead score reads. The encoding is learned from the training rows only, so nothing about
 * the held-out leads leaks into the model: which levels are common enough to get a column of their
 * own, which level is the reference, and the scale of the activity count.
 */

/** The raw features of one lead, as the training set mart gives them. */
export interface LeadFeatures {
  source_name: string | null; industry: string | null; country: string | null; company_size_band: string | null;
  activity_count: number | null; days_since_activity: number | null;
  budget_answer: string | null; authority_answer: string | null; need_answer: string | null; timeline_answer: string | null;
  has_budget_amount: boolean; has_expected_decision_date: boolean; has_email: boolean; has_phone: boolean;
}

/** A level needs this many training leads for a column of its own; rarer ones are pooled into 'other'. */
export const MIN_LEVEL_LEADS = 30;
export const UNKNOWN = 'unknown';
export const OTHER = 'other';

export type CategoricalFeature = 'source_name' | 'industry' | 'country' | 'company_size_band' | 'activity_recency'
  | 'budget_answer' | 'authority_answer' | 'need_answer' | 'timeline_answer';
export type FlagFeature = 'activity_count_unknown' | 'has_budget_amount' | 'has_expected_decision_date' | 'has_email' | 'has_phone';

/** One column of the encoded features: a level of a categorical feature against its reference level, a flag, or the scaled activity count. */
export type EncodedColumn =
  | { feature: CategoricalFeature; level: string; reference: string }
  | { feature: FlagFeature | 'activity_count'; level: null; reference: null };

export interface LeadEncoding {
  columns: EncodedColumn[];
  encode(lead: LeadFeatures): number[];
}

const CATEGORICAL: CategoricalFeature[] = [
  'source_name', 'industry', 'country', 'company_size_band', 'activity_recency', 'budget_answer', 'authority_answer', 'need_answer', 'timeline_answer',
];
const FLAGS: FlagFeature[] = ['activity_count_unknown', 'has_budget_amount', 'has_expected_decision_date', 'has_email', 'has_phone'];

/** Learns the encoding from the training leads: a column per level but the most common, a flag unless constant, log1p(activities) in standard deviations. */
export function learnLeadEncoding(training: readonly LeadFeatures[], minLevelLeads = MIN_LEVEL_LEADS): LeadEncoding {
  const categorical = CATEGORICAL.map((feature) => learnLevels(feature, training, minLevelLeads));
  const flags = FLAGS.filter((flag) => new Set(training.map((lead) => flagValue(lead, flag))).size > 1);
  const activity = learnActivityScale(training);
  const columns: EncodedColumn[] = [
    ...categorical.flatMap(({ feature, levels, reference }) => levels.map((level) => ({ feature, level, reference }))),
    ...flags.map((feature) => ({ feature, level: null, reference: null })),
    ...(activity ? [{ feature: 'activity_count' as const, level: null, reference: null }] : []),
  ];
  return {
    columns,
    encode: (lead) => [
      // a level the training leads never showed reads as the reference: all zeros
      ...categorical.flatMap(({ feature, levels, kept }) => {
        const level = levelOf(categoryValue(lead, feature), kept);
        return levels.map((column) => (column === level ? 1 : 0));
      }),
      ...flags.map((flag) => flagValue(lead, flag)),
      ...(activity ? [lead.activity_count === null ? 0 : (logActivities(lead.activity_count) - activity.mean) / activity.sd] : []),
    ],
  };
}

/** Days since the last activity after creation, in the steps the points score uses (pipelines/config/lead-score.ts). */
export function activityRecency(days: number | null): string {
  if (days === null) return 'none';
  if (days <= 7) return 'within 7 days';
  if (days <= 30) return '8-30 days';
  if (days <= 90) return '31-90 days';
  return 'over 90 days';
}

function categoryValue(lead: LeadFeatures, feature: CategoricalFeature): string | null {
  return feature === 'activity_recency' ? activityRecency(lead.days_since_activity) : lead[feature];
}

function flagValue(lead: LeadFeatures, flag: FlagFeature): number {
  return Number(flag === 'activity_count_unknown' ? lead.activity_count === null : lead[flag]);
}

/** The value's level: unknown for none, the value where it has a column of its own, else other. */
function levelOf(value: string | null, kept: ReadonlySet<string>): string {
  if (value === null || value.toLowerCase() === UNKNOWN) return UNKNOWN;
  return kept.has(value) ? value : OTHER;
}

function learnLevels(feature: CategoricalFeature, training: readonly LeadFeatures[], minLevelLeads: number) {
  const valueCounts = countBy(training.map((lead) => categoryValue(lead, feature) ?? UNKNOWN));
  const kept = new Set([...valueCounts].filter(([value, count]) => count >= minLevelLeads && value.toLowerCase() !== UNKNOWN).map(([value]) => value));
  const levelCounts = countBy(training.map((lead) => levelOf(categoryValue(lead, feature), kept)));
  // the most common level is the reference, so each coefficient reads "this level rather than the usual one"
  const [reference, ...levels] = [...levelCounts].sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b)).map(([level]) => level);
  return { feature, levels, reference: reference ?? UNKNOWN, kept };
}

function logActivities(count: number): number {
  return Math.log1p(Math.max(count, 0));
}

function learnActivityScale(training: readonly LeadFeatures[]): { mean: number; sd: number } | null {
  const values = training.flatMap((lead) => (lead.activity_count === null ? [] : [logActivities(lead.activity_count)]));
  if (values.length < 2) return null;
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const sd = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1));
  return sd > 0 ? { mean, sd } : null;
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
