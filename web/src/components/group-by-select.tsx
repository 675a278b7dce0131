import { For } from 'solid-js';
import { GROUP_NAMES, type GroupBy } from './cycle-time-table.tsx';

const CHOICES = Object.keys(GROUP_NAMES) as GroupBy[];

/** Whether a URL's value names a grouping. */
export function isGroupBy(value: string | undefined): value is GroupBy {
  return CHOICES.includes(value as GroupBy);
}

/** Chooses how the cycle times are grouped: not at all, or by source, team, industry or country. */
export function GroupBySelect(props: { value: string | undefined; onChange: (groupBy: string) => void }) {
  return (
    <form class="filter-bar" aria-label="Grouping" onSubmit={(event) => event.preventDefault()}>
      <label class="filter-field">
        <span class="filter-label">Group by</span>
        <select data-testid="group-by" onChange={(event) => props.onChange(event.currentTarget.value)}>
          <option value="" selected={!props.value}>No grouping (all records)</option>
          <For each={CHOICES}>{(choice) => <option value={choice} selected={choice === props.value}>{GROUP_NAMES[choice][0]}</option>}</For>
        </select>
      </label>
    </form>
  );
}
