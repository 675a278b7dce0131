import { For, Show } from 'solid-js';
import { ALL_TIME, DEFAULT_PERIOD, recentQuarters, yearsOf } from '../lib/period-choices.ts';

/**
 * The period select: the view's default, all time, the last eight quarters up to the as-of
 * date and their years. A period from the URL that is none of these (a drilled-into cohort
 * month, a range) is offered too, so the select always shows what the view shows.
 */
export function PeriodSelect(props: { asOf: string | undefined; value: string | undefined; onChange: (period: string) => void; defaultLabel?: string }) {
  const quarters = () => (props.asOf ? recentQuarters(props.asOf) : []);
  const years = () => yearsOf(quarters());
  const isOther = () => props.value !== undefined && props.value !== ALL_TIME.value && !quarters().includes(props.value) && !years().includes(props.value);
  const isSelected = (period: string) => (props.value ?? '') === period;
  return (
    <select data-testid="filter-period" onChange={(event) => props.onChange(event.currentTarget.value)}>
      <option value={DEFAULT_PERIOD.value} selected={isSelected(DEFAULT_PERIOD.value)}>{props.defaultLabel ?? DEFAULT_PERIOD.label}</option>
      <option value={ALL_TIME.value} selected={isSelected(ALL_TIME.value)}>{ALL_TIME.label}</option>
      <Show when={isOther()}>
        <option value={props.value} selected>{props.value}</option>
      </Show>
      <optgroup label="Quarters">
        <For each={quarters()}>{(quarter) => <option value={quarter} selected={isSelected(quarter)}>{quarter}</option>}</For>
      </optgroup>
      <optgroup label="Years">
        <For each={years()}>{(year) => <option value={year} selected={isSelected(year)}>{year}</option>}</For>
      </optgroup>
    </select>
  );
}
