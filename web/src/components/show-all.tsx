import { createSignal, Show } from 'solid-js';
import { formatCount } from '../lib/format.ts';

/** The first `limit` rows, or all of them once asked: long lists stay short until someone wants the rest. */
export function createShowAll<Row>(rows: () => Row[], limit: number) {
  const [showingAll, setShowingAll] = createSignal(false);
  return {
    visible: () => (showingAll() ? rows() : rows().slice(0, limit)),
    hidden: () => Math.max(0, rows().length - limit),
    showingAll,
    toggle: () => setShowingAll(!showingAll()),
  };
}

/** "Show all 42 loads" under a capped list, and "Show the newest 10" to fold it again; nothing when all fit. */
export function ShowAllButton(props: { total: number; hidden: number; limit: number; showingAll: boolean; onToggle: () => void; noun: string; first: string; testId: string }) {
  return (
    <Show when={props.hidden > 0}>
      <p class="show-all">
        <button type="button" class="link-button" data-testid={props.testId} aria-expanded={props.showingAll} onClick={() => props.onToggle()}>
          {props.showingAll ? `Show the ${props.first} ${formatCount(props.limit)} only` : `Show all ${formatCount(props.total)} ${props.noun}`}
        </button>
        <Show when={!props.showingAll}><span class="muted"> ({formatCount(props.hidden)} more)</span></Show>
      </p>
    </Show>
  );
}
