import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import { formatCount } from '../lib/format.ts';

/**
 * Open deals at a CRM probability of 0% (DESIGN section 2: such records are shown, not silently
 * used): under the default policy they weigh nothing in the weighted pipeline. The records view
 * cannot yet filter on probability, so the count has no drill-down of its own.
 */
export function ZeroProbabilityNote(props: { count: number }) {
  const one = () => props.count === 1;
  return (
    <Show when={props.count > 0}>
      <div class="notice problem" role="note" data-testid="forecast-zero-probability">
        <p>
          <strong>{formatCount(props.count)} open {one() ? 'deal carries' : 'deals carry'}</strong> a CRM probability of 0%:{' '}
          {one() ? 'it adds' : 'they add'} nothing to the weighted pipeline while it uses the CRM's own probability (the default policy);
          the probability policy is set in <code>leadlens.config.json</code>.
        </p>
      </div>
    </Show>
  );
}

/** The way to the pipeline movement view for the same as-of and period. */
export function PipelineMovementLink(props: { href: string }) {
  return (
    <p style={{ margin: 0 }}>
      <A href={props.href} data-testid="forecast-pipeline-link">What moved the pipeline</A>
      <span class="muted"> — the deals won, lost, slipped, pulled in and resized since the previous snapshot</span>
    </p>
  );
}
