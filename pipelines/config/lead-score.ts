/**
 * The transparent points lead score (DESIGN section 6, rule L3): fit (industry, company size,
 * country), engagement (activity recency and count) and BANT answers. A lead scores the
 * best-matching step of each factor; the factors add up. sql/intermediate/int_lead_scores.sql
 * computes it from the lead_score_rules table this config is written to.
 */

export interface ScoreStep { points: number }
export interface AtLeastStep extends ScoreStep { atLeast: number }
export interface WithinDaysStep extends ScoreStep { withinDays: number }

export interface LeadScoreSettings {
  /** Which score rule L3 reads: the points score below, or the score the CRM exports. */
  use: 'points' | 'crm';
  /** Points per industry and per country (matched ignoring case and surrounding spaces). */
  industries: Record<string, number>;
  countries: Record<string, number>;
  /** Company size: the highest step whose employee count the lead reaches. */
  employees: AtLeastStep[];
  /** Engagement: the last activity after creation within this many days of the as-of date. */
  activityRecency: WithinDaysStep[];
  /** Engagement: the highest step the activity count reaches. */
  activityCount: AtLeastStep[];
  /** Points for each BANT answer confirmed true (budget, authority, need, timeline). */
  bantConfirmedPoints: number;
}

export const DEFAULT_LEAD_SCORE: LeadScoreSettings = {
  use: 'points',
  industries: {},
  countries: {},
  employees: [{ atLeast: 1000, points: 20 }, { atLeast: 250, points: 15 }, { atLeast: 50, points: 10 }, { atLeast: 1, points: 5 }],
  activityRecency: [{ withinDays: 7, points: 15 }, { withinDays: 30, points: 10 }, { withinDays: 90, points: 5 }],
  activityCount: [{ atLeast: 10, points: 15 }, { atLeast: 5, points: 10 }, { atLeast: 1, points: 5 }],
  bantConfirmedPoints: 10,
};

/** The rows of lead_score_rules: (factor, value, threshold, points). */
export function leadScoreRuleRows(score: LeadScoreSettings): Array<[string, string | null, number | null, number]> {
  return [
    ...Object.entries(score.industries).map(([industry, points]) => ['industry', industry, null, points] as [string, string, null, number]),
    ...Object.entries(score.countries).map(([country, points]) => ['country', country, null, points] as [string, string, null, number]),
    ...score.employees.map((step) => ['employees', null, step.atLeast, step.points] as [string, null, number, number]),
    ...score.activityRecency.map((step) => ['activity_recency_days', null, step.withinDays, step.points] as [string, null, number, number]),
    ...score.activityCount.map((step) => ['activity_count', null, step.atLeast, step.points] as [string, null, number, number]),
    ['bant_confirmed', null, null, score.bantConfirmedPoints],
  ];
}
