import { useLocation } from '@solidjs/router';
import { createEffect, createResource, For, Match, Show, Suspense, Switch } from 'solid-js';
import { formatCount, formatMoney, formatReviewStatus, formatSentence, formatTimestamp, NO_VALUE } from '../lib/format.ts';
import { api } from '../lib/trpc.ts';
import type { RecordFinding } from '../lib/view-reports.ts';
import { AuditReviewActions } from './audit-review-actions.tsx';
import { AuditReviewHistory } from './audit-review-history.tsx';
import { SeverityBadge } from './audit-rules-table.tsx';
import { ProblemNotice } from './problem-notice.tsx';

/**
 * The audit's findings on one record as of the snapshot (procedure audit.recordFindings), each
 * with its evidence, its review and the actions to review it. A link ending in #findings (from
 * the Audit view's list) scrolls here once the findings are in.
 */
export function RecordFindings(props: { kind: 'lead' | 'opportunity'; system: string; id: string; asOf: string }) {
  const location = useLocation();
  const [report, { refetch }] = createResource(
    () => ({ kind: props.kind, system: props.system, id: props.id, asOf: props.asOf }),
    (input) => api.audit.recordFindings.query(input),
  );
  let section!: HTMLElement;
  let scrolled = false;
  createEffect(() => {
    if (report.state !== 'ready' || scrolled || location.hash !== '#findings') return;
    scrolled = true;
    queueMicrotask(() => section.scrollIntoView({ block: 'start' }));
  });
  return (
    <section class="card record-findings" id="findings" ref={section} aria-labelledby="findings-heading" data-testid="record-findings">
      <h2 id="findings-heading">Audit findings</h2>
      <Suspense fallback={<p class="muted">Loading findings…</p>}>
        <Switch>
          <Match when={report.error}>{(error) => <ProblemNotice error={error()} />}</Match>
          {/* latest keeps the findings shown while a review refetches them */}
          <Match when={report.latest}>
            {(loaded) => (
              <Show when={loaded().findings.length > 0} fallback={<p class="muted" data-testid="no-findings">No audit rule finds anything on this {props.kind} as of {loaded().as_of}.</p>}>
                <For each={loaded().findings}>{(finding) => <FindingCard finding={finding} asOf={loaded().as_of} onReviewed={() => void refetch()} />}</For>
              </Show>
            )}
          </Match>
        </Switch>
      </Suspense>
    </section>
  );
}

function FindingCard(props: { finding: RecordFinding; asOf: string; onReviewed: () => void }) {
  const f = () => props.finding;
  const key = () => ({ system: f().system, kind: f().record_kind, id: f().record_id, rule: f().rule_id });
  const [history] = createResource(() => ({ ...key(), asOf: props.asOf }), (input) => api.audit.finding.query(input));
  return (
    <article class="finding" data-testid="record-finding" data-rule={f().rule_id} data-status={f().status}>
      <header class="finding-head">
        <h3><span data-testid="finding-rule">{f().rule_id}</span> {f().title}</h3>
        <SeverityBadge severity={f().severity} />
        <span class={`review-status status-${f().status}`} data-testid="finding-status">{formatReviewStatus(f().status)}</span>
      </header>
      <p class="finding-why" data-testid="finding-why">{f().why}</p>
      <dl class="finding-evidence" data-testid="finding-evidence">
        <dt>Amount at stake</dt><dd data-testid="finding-amount">{formatMoney(f().amount_at_stake)}</dd>
        <For each={evidenceEntries(f().evidence)}>{([label, value]) => <><dt>{label}</dt><dd>{value}</dd></>}</For>
      </dl>
      <LastReview finding={f()} />
      <AuditReviewActions finding={{ ...key(), asOf: props.asOf }} onReviewed={props.onReviewed} />
      <Suspense fallback={<p class="muted">Loading review history…</p>}>
        <Show when={history()}>{(loaded) => <AuditReviewHistory reviews={loaded().reviews} />}</Show>
      </Suspense>
    </article>
  );
}

function LastReview(props: { finding: RecordFinding }) {
  return (
    <Show when={props.finding.review_decision} fallback={<p class="last-review muted" data-testid="last-review">Not reviewed yet.</p>}>
      {(decision) => (
        <p class="last-review" data-testid="last-review">
          Last review: <strong>{formatReviewStatus(decision())}</strong> by <strong data-testid="last-reviewer">{props.finding.reviewer}</strong>, {formatTimestamp(props.finding.reviewed_at)}
          <Show when={props.finding.review_note}>{(note) => <>: <q data-testid="last-review-note">{note()}</q></>}</Show>
          <Show when={props.finding.evidence_changed && props.finding.review_decision !== 'confirmed'}>
            <span class="note" data-testid="evidence-changed"> The evidence changed since that review, so the finding is open again.</span>
          </Show>
        </p>
      )}
    </Show>
  );
}

/** The rule's evidence (a JSON object from its model) as labelled values; anything else as one line. */
function evidenceEntries(evidence: string): [string, string][] {
  try {
    const parsed: unknown = JSON.parse(evidence);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return Object.entries(parsed).map(([name, value]) => [formatSentence(name.replaceAll('_', ' ')), evidenceValue(value)]);
    }
  } catch { /* not JSON: shown as it is below */ }
  return [['Evidence', evidence]];
}

function evidenceValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return NO_VALUE;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  // whole numbers (days, counts, amounts) grouped; fractions such as a probability as exported
  if (typeof value === 'number') return Number.isInteger(value) ? formatCount(value) : String(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}
