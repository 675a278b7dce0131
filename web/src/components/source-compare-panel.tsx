import { useSearchParams } from '@solidjs/router';
import { createResource, For, Match, Show, Suspense, Switch, type JSX } from 'solid-js';
import { formatCount, formatInterval, formatPercent, formatPoints, formatPValue, formatStatistic, formatWholePercent } from '../lib/format.ts';
import { api } from '../lib/trpc.ts';
import type { ViewFilters } from '../lib/view-links.ts';
import type { SourceComparison, SourceRoi } from '../lib/view-reports.ts';
import { ProblemNotice } from './problem-notice.tsx';

/**
 * Is one source's lead -> opportunity conversion really different from another's (procedure
 * sources.compare)? The two sources live in the URL (compareA, compareB), so a link reproduces the
 * comparison; by default, the two sources with the most leads.
 */
export function SourceComparePanel(props: { sources: SourceRoi[]; filters: ViewFilters }) {
  const [params, setParams] = useSearchParams<{ compareA: string; compareB: string }>();
  const names = () => props.sources.filter((row) => !row.is_total && row.leads > 0).sort((x, y) => y.leads - x.leads).map((row) => row.source);
  const chosen = (key: 'compareA' | 'compareB', fallback: string | undefined) => {
    const value = params[key];
    return typeof value === 'string' && value !== '' ? value : fallback;
  };
  const a = () => chosen('compareA', names()[0]);
  const b = () => chosen('compareB', names().find((name) => name !== a()));
  const input = () => {
    const [first, second] = [a(), b()];
    if (!first || !second || first === second) return undefined;
    return { ...(props.filters.asOf ? { asOf: props.filters.asOf } : {}), ...(props.filters.period ? { period: props.filters.period } : {}), a: first, b: second };
  };
  const [comparison] = createResource(input, (query) => api.sources.compare.query(query));
  // Both sources go to the URL on any change, so changing one never moves the other.
  const choose = (change: { compareA?: string; compareB?: string }) => setParams({ compareA: a(), compareB: b(), ...change });
  return (
    <section class="card" data-testid="source-compare" aria-label="Compare two sources">
      <h2>Is one source really better than another?</h2>
      <Show when={names().length >= 2} fallback={<p class="muted">A comparison needs two sources with leads created in the period.</p>}>
        <div class="filter-bar" role="group" aria-label="Sources to compare">
          <SourceSelect label="Source A" testId="compare-a" names={names()} value={a()} onChange={(value) => choose({ compareA: value })} />
          <SourceSelect label="Source B" testId="compare-b" names={names()} value={b()} onChange={(value) => choose({ compareB: value })} />
        </div>
        <Show when={a() !== b()} fallback={<p class="muted" data-testid="compare-same">Pick two different sources.</p>}>
          <Suspense fallback={<p class="muted" data-testid="compare-loading">Testing the difference…</p>}>
            <Switch>
              <Match when={comparison.error}>{(error) => <ProblemNotice error={error()} />}</Match>
              <Match when={comparison()?.tables.comparison[0]}>{(row) => <ComparisonResult row={row()} />}</Match>
            </Switch>
          </Suspense>
        </Show>
      </Show>
    </section>
  );
}

function SourceSelect(props: { label: string; testId: string; names: string[]; value: string | undefined; onChange: (value: string) => void }) {
  return (
    <label class="filter-field">
      <span class="filter-label">{props.label}</span>
      <select data-testid={props.testId} onChange={(event) => props.onChange(event.currentTarget.value)}>
        <For each={props.names}>{(name) => <option value={name} selected={name === props.value}>{name}</option>}</For>
      </select>
    </label>
  );
}

/** The two conversions, their difference, the test's verdict and, when it cannot tell, the leads that would. */
function ComparisonResult(props: { row: SourceComparison }) {
  const rate = (converted: number, leads: number, conversion: number | null, low: number | null, high: number | null): JSX.Element => (
    <>{formatPercent(conversion)} <span class="muted">({formatCount(converted)} of {formatCount(leads)} leads; 95% CI {formatInterval(low, high) || '—'})</span></>
  );
  return (
    <div data-testid="compare-result">
      <p data-testid="compare-rates">
        <strong>{props.row.source_a}</strong>: {rate(props.row.converted_a, props.row.leads_a, props.row.conversion_a, props.row.conversion_low_a, props.row.conversion_high_a)}
        {' · '}
        <strong>{props.row.source_b}</strong>: {rate(props.row.converted_b, props.row.leads_b, props.row.conversion_b, props.row.conversion_low_b, props.row.conversion_high_b)}
      </p>
      <p data-testid="compare-difference">
        Difference in conversion, A − B: <strong>{formatPoints(props.row.difference)}</strong> <span class="muted">(z = {formatStatistic(props.row.z)})</span>
      </p>
      <Show when={props.row.p_value !== null} fallback={<p data-testid="compare-verdict">No test: both sources need leads, and conversions that are not all 0% or all 100%.</p>}>
        <p data-testid="compare-verdict">
          <span class="badge" classList={{ muted: !props.row.is_significant }} data-testid="compare-significance">
            {props.row.is_significant ? 'Significant' : 'Not significant'}
          </span>{' '}
          <span data-testid="compare-p-value">{formatPValue(props.row.p_value)}</span>
          <span class="muted"> · pooled two-proportion z-test, two-sided, α = {props.row.alpha}</span>
        </p>
      </Show>
      <Show when={props.row.leads_needed_per_source}>
        {(needed) => (
          <p data-testid="compare-leads-needed">
            About <strong>{formatCount(needed())}</strong> leads per source would detect a difference this size with {formatWholePercent(props.row.power)} power:{' '}
            {formatCount(props.row.more_leads_a)} more for {props.row.source_a}, {formatCount(props.row.more_leads_b)} more for {props.row.source_b}.
          </p>
        )}
      </Show>
    </div>
  );
}
