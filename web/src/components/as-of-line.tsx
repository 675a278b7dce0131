import { Show } from 'solid-js';

/**
 * Says which snapshot and which days the figures are for, and when the as-of date asked for fell
 * between snapshots, that the latest snapshot on or before it was used.
 */
export function AsOfLine(props: { asOf: string; asOfRequested: string | null; period: string; periodAsked: string | undefined; source?: string | null }) {
  const periodText = () => {
    const days = props.period === 'all' ? 'all dates' : props.period;
    return props.periodAsked && props.periodAsked !== 'all' ? `${props.periodAsked}: ${days}` : props.periodAsked ? days : `default, ${days}`;
  };
  return (
    <p class="as-of-line" data-testid="as-of-line">
      <span>
        As of <strong data-testid="as-of">{props.asOf}</strong> (period <strong data-testid="period">{periodText()}</strong>)
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
