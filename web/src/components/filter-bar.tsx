import { createResource, For, Match, Show, Suspense, Switch, type JSX } from 'solid-js';
import { api } from '../lib/trpc.ts';
import type { FilterChoices } from '../lib/view-reports.ts';
import { useViewFilters } from '../lib/url-state.ts';
import { PeriodSelect } from './period-select.tsx';

/** The as-of, and where the view takes them the period and source filters; every change goes to the URL. */
/** periodDefault names the view's own default period when it is not the last four full quarters. */
export function FilterBar(props: { withSource: boolean; withPeriod?: boolean; periodDefault?: string }) {
  const [choices] = createResource(() => api.options.filters.query());
  return (
    <form class="filter-bar" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
      <Suspense fallback={<span class="muted">Loading filters…</span>}>
        <Switch>
          <Match when={choices.error}>{(error) => <span class="muted">Filters unavailable: {messageOf(error())}</span>}</Match>
          <Match when={choices()}>{(loaded) => <FilterSelects choices={loaded()} withSource={props.withSource} withPeriod={props.withPeriod ?? true} periodDefault={props.periodDefault} />}</Match>
        </Switch>
      </Suspense>
    </form>
  );
}

function FilterSelects(props: { choices: FilterChoices; withSource: boolean; withPeriod: boolean; periodDefault?: string }) {
  const url = useViewFilters();
  // An as-of date typed into the URL may fall between snapshots: keep it selectable.
  const asOfDates = () => withCurrent(props.choices.snapshots, url.filters().asOf);
  const latest = () => props.choices.snapshots[0];
  return (
    <>
      <Field label="As of">
        <select data-testid="filter-as-of" onChange={(event) => url.setFilters({ asOf: event.currentTarget.value })}>
          <option value="" selected={!url.filters().asOf}>
            {latest() ? `Latest snapshot (${latest()})` : 'No snapshot loaded'}
          </option>
          <For each={asOfDates()}>{(date) => <option value={date} selected={date === url.filters().asOf}>{date}</option>}</For>
        </select>
      </Field>
      <Show when={props.withPeriod}>
        <Field label="Period">
          <PeriodSelect asOf={url.filters().asOf ?? latest()} value={url.filters().period} onChange={(period) => url.setFilters({ period })} defaultLabel={props.periodDefault} />
        </Field>
      </Show>
      <Show when={props.withSource}>
        <Field label="Source">
          <select data-testid="filter-source" onChange={(event) => url.setFilters({ source: event.currentTarget.value })}>
            <option value="" selected={!url.filters().source}>All sources</option>
            <For each={withCurrent(props.choices.sources, url.filters().source)}>
              {(source) => <option value={source} selected={source === url.filters().source}>{source}</option>}
            </For>
          </select>
        </Field>
      </Show>
    </>
  );
}

function Field(props: { label: string; children: JSX.Element }) {
  return <label class="filter-field"><span class="filter-label">{props.label}</span>{props.children}</label>;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function withCurrent(values: string[], current: string | undefined): string[] {
  return current === undefined || values.includes(current) ? values : [...values, current];
}
