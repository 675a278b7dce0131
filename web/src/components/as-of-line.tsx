import { Show } from 'solid-js';

/**
 * Says which snapshot and which days the figures are for, and when the as-of date asked for fell
 * between snapshots, that the latest snapshot on or before it was used. A view without a period
 * says instead what the snapshot applies to (its scope).
 */
export function AsOfLine(props: { asOf: string; asOfRequested: string | null; period?: string; periodAsked?: string | undefined; scope?: string; source?: string | null }) {
  const periodText = (period: string) => {
    const days = period === 'all' ? 'all dates' : period;
    return props.periodAsked && props.periodAsked !== 'all' ? `${props.periodAsked}: ${days}` : props.periodAsked ? days : `default, ${days}`;
  };
  return (
    <p class="as-of-line" data-testid="as-of-line">
      <span>
        As of <strong data-testid="as-of">{props.asOf}</strong>
        <Show when={props.period} fallback={<Show when={props.scope}> ({props.scope})</Show>}>
          {(period) => <> (period <strong data-testid="period">{periodText(period())}</strong>)</>}
        </Show>
      </span>
      <Show when={props.source}>
        <span> · source <strong data-testid="source">{props.source}</strong></span>
      </Show>
      <Show when={props.asOfRequested && props.asOfRequested !== props.asOf}>
        <span class="note" data-testid="as-of-note">
          No snapshot was loaded on {props.asOfRequested}: showing the latest one on or before it, {props.asOf}.
        </span>
      </Show>
    </p>
  );
}
