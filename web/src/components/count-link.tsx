import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import { formatCount } from '../lib/format.ts';

/** A count that opens the records behind it, or plain text where there is no list to open. */
export function CountLink(props: { count: number; href: string | undefined; label: string }) {
  return (
    <Show when={props.href && props.count > 0} fallback={formatCount(props.count)}>
      <A href={props.href ?? ''} aria-label={props.label}>{formatCount(props.count)}</A>
    </Show>
  );
}
