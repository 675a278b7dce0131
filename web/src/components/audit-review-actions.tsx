import { createSignal, For, Show } from 'solid-js';
import { api } from '../lib/trpc.ts';
import { reviewerName, reviewerNameProblem, saveReviewerName } from '../lib/reviewer.ts';

type ReviewInput = Parameters<typeof api.audit.review.mutate>[0];
/** Which finding a decision is about, and the snapshot the reviewer saw it in. */
export type ReviewedFinding = Omit<ReviewInput, 'decision' | 'note'>;
type Decision = ReviewInput['decision'];

const DECISIONS: { decision: Decision; label: string }[] = [
  { decision: 'confirmed', label: 'Confirmed' },
  { decision: 'not_an_issue', label: 'Not an issue' },
  { decision: 'fixed', label: 'Fixed' },
];

/**
 * A reviewer's decision on a finding (procedure audit.review), with a note. The server records
 * the name this browser sends (lib/reviewer.ts), so the name is asked for before any decision.
 */
export function AuditReviewActions(props: { finding: ReviewedFinding; onReviewed: () => void }) {
  const [editingName, setEditingName] = createSignal(false);
  const [note, setNote] = createSignal('');
  const [problem, setProblem] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const decide = async (decision: Decision) => {
    setBusy(true);
    setProblem(null);
    try {
      await api.audit.review.mutate({ ...props.finding, decision, ...(note().trim() ? { note: note().trim() } : {}) });
      setNote('');
      props.onReviewed();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="review-actions" data-testid="review-actions">
      <Show when={reviewerName() && !editingName()} fallback={<ReviewerNameForm initial={reviewerName() ?? ''} onSaved={() => setEditingName(false)} />}>
        <p class="reviewing-as">
          Reviewing as <strong data-testid="reviewing-as">{reviewerName()}</strong>{' '}
          <button type="button" class="link-button" data-testid="change-reviewer" onClick={() => setEditingName(true)}>change</button>
        </p>
        <label class="review-note">
          <span class="filter-label">Note (optional)</span>
          <textarea data-testid="review-note" rows={2} maxLength={2000} value={note()} onInput={(event) => setNote(event.currentTarget.value)} />
        </label>
        <div class="review-buttons">
          <For each={DECISIONS}>
            {(choice) => <button type="button" data-testid={`review-${choice.decision.replaceAll('_', '-')}`} disabled={busy()} onClick={() => void decide(choice.decision)}>{choice.label}</button>}
          </For>
        </div>
      </Show>
      <Show when={problem()}>{(message) => <p class="review-problem" role="alert" data-testid="review-problem">The decision was not recorded: {message()}</p>}</Show>
      <p class="review-hint">"Not an issue" stays quiet until the record's evidence for this rule changes; then the finding opens again.</p>
    </div>
  );
}

function ReviewerNameForm(props: { initial: string; onSaved: () => void }) {
  const [draft, setDraft] = createSignal(props.initial);
  const [problem, setProblem] = createSignal<string | null>(null);
  const save = (event: SubmitEvent) => {
    event.preventDefault();
    const refused = reviewerNameProblem(draft());
    setProblem(refused);
    if (refused) return;
    saveReviewerName(draft());
    props.onSaved();
  };
  return (
    <form class="reviewer-form" aria-label="Reviewer" onSubmit={save}>
      <label class="filter-field">
        <span class="filter-label">Reviewing as</span>
        <input data-testid="reviewer-name-input" type="text" autocomplete="name" maxLength={100} placeholder="Your name" value={draft()} onInput={(event) => setDraft(event.currentTarget.value)} />
      </label>
      <button type="submit" data-testid="reviewer-name-save">Use this name</button>
      <span class="muted">A decision records who made it; this browser remembers the name.</span>
      <Show when={problem()}>{(message) => <p class="review-problem" role="alert">{message()}</p>}</Show>
    </form>
  );
}
