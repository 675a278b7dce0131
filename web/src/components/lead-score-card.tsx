import { For, Show } from 'solid-js';
import { formatCount, formatPercent, formatStatistic, NO_VALUE } from '../lib/format.ts';
import type { LeadScoreModels, StrongFeature } from '../../../server/queries/lead-score.ts';

const FEATURE_NAMES: Record<StrongFeature['feature'], string> = {
  source_name: 'Lead source', industry: 'Industry', country: 'Country', company_size_band: 'Company size', activity_recency: 'Last activity',
  budget_answer: 'Budget confirmed', authority_answer: 'Authority confirmed', need_answer: 'Need confirmed', timeline_answer: 'Timeline confirmed',
  activity_count: 'More activities (per standard deviation of the log count)', activity_count_unknown: 'Activity count unknown',
  has_budget_amount: 'Has a budget amount', has_expected_decision_date: 'Has an expected decision date', has_email: 'Has an email', has_phone: 'Has a phone',
};
const LEVEL_WORDS: Record<string, string> = { true: 'yes', false: 'no', other: 'one of the rarer values', none: 'none since creation' };
// Log-odds with their sign: the one figure here that format.ts has no writer for.
const signedCoefficient = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });

/** What an AUC means, in words: the bands are the usual reading of a ranking's quality. */
export function aucInWords(auc: number | null): string {
  if (auc === null) return 'not judged';
  if (auc < 0.45) return 'ranks backwards: higher scores converted less';
  if (auc < 0.55) return 'no better than chance';
  if (auc < 0.65) return 'weak';
  if (auc < 0.75) return 'fair';
  if (auc < 0.85) return 'good';
  return 'strong';
}

/** A feature of the learned score as a sentence: `Lead source is Reference rather than Google`. */
export function featureInWords(feature: StrongFeature): string {
  const name = FEATURE_NAMES[feature.feature];
  if (feature.level === null) return name;
  const word = (level: string) => LEVEL_WORDS[level] ?? level;
  return `${name} is ${word(feature.level)} rather than ${word(feature.reference)}`;
}

/**
 * The configured points score, the CRM's own score and the learned score side by side, each by its
 * AUC on the held-out settled leads (selectLeadScoreModels, server/queries/lead-score.ts).
 */
export function LeadScoreCard(props: { models: LeadScoreModels }) {
  const learned = () => props.models.learned;
  const rows = () => [
    { id: 'points', name: 'Points score (config)', auc: props.models.points.auc, accuracy: null, leads: props.models.points.holdout_leads },
    { id: 'crm', name: "CRM's own score", auc: props.models.crm.auc, accuracy: null, leads: props.models.crm.scored_leads },
    { id: 'learned', name: 'Learned score', auc: learned().auc, accuracy: learned().accuracy, leads: learned().holdout_leads },
  ];
  return (
    <section class="card" data-testid="lead-score-card" aria-label="Lead scores compared">
      <h2>Which lead score tells converting leads apart?</h2>
      <p class="table-caption">
        AUC is the chance that a lead that converted scores above one that did not: 0.50 is no better than chance, 1.00 a perfect ranking.
        Each score is judged on the held-out quarter of the leads whose outcome is settled as of {props.models.as_of}, which the learned score never learns from.
      </p>
      <div class="table-scroll">
        <table class="data-table" data-testid="lead-score-table">
          <thead><tr><th scope="col">Score</th><th scope="col" class="numeric">AUC</th><th scope="col">Reading</th><th scope="col" class="numeric">Accuracy at 50%</th><th scope="col" class="numeric">Held-out leads scored</th></tr></thead>
          <tbody>
            <For each={rows()}>{(row) => (
              <tr data-testid="lead-score-row" data-score={row.id}>
                <td>{row.name}</td>
                <td class="numeric" data-testid="lead-score-auc">{formatStatistic(row.auc)}</td>
                <td data-testid="lead-score-reading">{aucInWords(row.auc)}</td>
                <td class="numeric" data-testid="lead-score-accuracy">{row.accuracy === null ? NO_VALUE : formatPercent(row.accuracy)}</td>
                <td class="numeric">{formatCount(row.leads)}</td>
              </tr>
            )}</For>
          </tbody>
        </table>
      </div>
      <Show when={props.models.crm.scored_leads === 0}><p class="muted" data-testid="lead-score-no-crm">No held-out lead carries a score from the CRM.</p></Show>
      <p class="muted" data-testid="lead-score-sizes">
        The learned score is a logistic regression fitted on {formatCount(learned().training_leads)} settled leads outside the held-out quarter
        <Show when={learned().is_sampled}> (a fixed sample: there are {formatCount(learned().settled_leads)} settled leads, more than it fits quickly)</Show>.
        {' '}{formatPercent(learned().converted_share)} of the settled leads converted; calling every held-out lead by the more common
        outcome would be right {formatPercent(learned().baseline_accuracy)} of the time, the accuracy a score has to beat.
      </p>
      <Show when={learned().note}>{(note) => <p class="muted" data-testid="lead-score-note">{note()}</p>}</Show>
      <Show when={learned().strongest.length > 0}>
        <h3>What the learned score weighs most</h3>
        <ul data-testid="lead-score-features">
          <For each={learned().strongest}>{(feature) => (
            <li data-testid="lead-score-feature">
              {featureInWords(feature)}: {feature.coefficient > 0 ? 'more' : 'less'} likely to convert
              <span class="muted"> ({signedCoefficient.format(feature.coefficient)} log-odds)</span>
            </li>
          )}</For>
        </ul>
      </Show>
    </section>
  );
}
