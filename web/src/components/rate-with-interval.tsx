import { Show } from 'solid-js';
import { formatInterval, formatPercent } from '../lib/format.ts';

/** A rate and, beside it in a quieter tone, its 95% Wilson interval. */
export function RateWithInterval(props: { rate: number | null; low?: number | null; high?: number | null }) {
  const interval = () => formatInterval(props.low, props.high);
  return (
    <>
      <span class="rate">{formatPercent(props.rate)}</span>
      <Show when={interval()}>
        <span class="interval" title="95% Wilson interval">{interval()}</span>
      </Show>
    </>
  );
}
