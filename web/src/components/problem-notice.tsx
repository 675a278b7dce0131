import { A, useLocation } from '@solidjs/router';
import { TRPCClientError } from '@trpc/client';
import { For, Show } from 'solid-js';
import type { AppRouter } from '../../../server/routers/app.ts';

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

interface Problem {
  title: string;
  message: string;
  fieldErrors: string[];
}

// The server's NOT_FOUND means no snapshot to show (none loaded, or none on or before the as-of
// date); BAD_REQUEST means the URL's filters did not validate.
function describe(error: unknown): Problem {
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<AppRouter>).data;
    if (data?.code === 'NOT_FOUND') return { title: 'No snapshot to show', message: sentence(error.message), fieldErrors: [] };
    if (data?.code === 'BAD_REQUEST') {
      const fields = Object.entries(data.zodError?.fieldErrors ?? {}) as [string, string[] | undefined][];
      return {
        title: 'These filters are not valid',
        message: 'Change them above, or start again from the default filters.',
        fieldErrors: fields.map(([field, messages]) => `${field}: ${(messages ?? []).join('; ')}`),
      };
    }
  }
  return { title: 'The figures could not be loaded', message: error instanceof Error ? error.message : String(error), fieldErrors: [] };
}

/** A problem explained in the user's terms, with the way out: the command to run or a link to reset the filters. */
export function ProblemNotice(props: { error: unknown }) {
  const location = useLocation();
  const problem = () => describe(props.error);
  // "run npm run ingest" in a message becomes a command the user can copy.
  const parts = () => problem().message.split(/(npm run ingest)/);
  return (
    <div class="notice problem" role="alert" data-testid="problem">
      <h2>{problem().title}</h2>
      <p>
        <For each={parts()}>{(part) => (part === 'npm run ingest' ? <code>npm run ingest -- &lt;folder&gt;</code> : part)}</For>
      </p>
      <Show when={problem().fieldErrors.length > 0}>
        <ul><For each={problem().fieldErrors}>{(line) => <li>{line}</li>}</For></ul>
      </Show>
      <Show when={location.search}>
        <p><A href={location.pathname}>Show this view with the default filters</A></p>
      </Show>
    </div>
  );
}

/** Shown while a view's figures load for the first time. */
export function LoadingNotice() {
  return <p class="notice loading" role="status" data-testid="loading">Loading figures…</p>;
}

/** Shown when the filters leave nothing to count. */
export function EmptyNotice(props: { message: string }) {
  return <div class="notice empty" data-testid="empty"><p>{props.message}</p></div>;
}
