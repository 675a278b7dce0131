import { For, Show } from 'solid-js';
import { formatCount, formatDays } from '../lib/format.ts';
import type { SystemFreshness } from '../lib/view-reports.ts';

// Snapshots come weekly: data older than this has missed one.
const OVERDUE_AFTER_DAYS = 7;

/** How old each system's data is (procedure data.view, table freshness): one card per system. */
export function FreshnessCards(props: { systems: SystemFreshness[] }) {
  return (
    <div class="freshness-grid">
      <For each={props.systems}>{(system) => <FreshnessCard system={system} />}</For>
    </div>
  );
}

function FreshnessCard(props: { system: SystemFreshness }) {
  const days = () => props.system.days_since_latest;
  const overdue = () => days() > OVERDUE_AFTER_DAYS;
  return (
    <article class="card freshness-card" classList={{ overdue: overdue() }} data-testid="freshness" data-system={props.system.system}>
      <h3>
        <span data-testid="freshness-system">{props.system.system}</span>
        <span class="muted"> · CRM <span data-testid="freshness-crm">{props.system.crm}</span></span>
      </h3>
      <Show
        when={days() >= 0}
        fallback={<p class="freshness-figure"><strong>{formatDays(-days())}</strong> <span>ahead of today: the latest snapshot is dated in the future</span></p>}
      >
        <p class="freshness-figure">
          <strong data-testid="freshness-days">{formatCount(days())}</strong> <span>{days() === 1 ? 'day' : 'days'} since the latest snapshot</span>
        </p>
      </Show>
      <p class="freshness-detail">
        Latest snapshot <strong data-testid="freshness-latest">{props.system.latest_as_of}</strong>
        {' · '}{formatCount(props.system.snapshots)} {props.system.snapshots === 1 ? 'snapshot' : 'snapshots'} since {props.system.first_as_of}
      </p>
      <Show when={overdue()}>
        <p class="freshness-note">Older than a week: a weekly export may have been missed.</p>
      </Show>
    </article>
  );
}
