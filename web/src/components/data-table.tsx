import { useNavigate } from '@solidjs/router';
import { For, Show, type JSX } from 'solid-js';

/** One column of a data table: numbers are right-aligned so their digits line up. */
export interface Column<Row> {
  header: string;
  testId: string;
  numeric?: boolean;
  cell: (row: Row) => JSX.Element;
}

/**
 * A table of a procedure's rows. A row with an href is a drill-down: clicking anywhere on it, or
 * Enter on it, opens that link.
 */
export function DataTable<Row>(props: {
  columns: Column<Row>[];
  rows: Row[];
  caption: string;
  testId: string;
  rowTestId: string;
  rowAttributes?: (row: Row) => Record<string, string>;
  rowClass?: (row: Row) => string;
  rowHref?: (row: Row) => string | undefined;
}) {
  const navigate = useNavigate();
  const follow = (row: Row, event: Event) => {
    const href = props.rowHref?.(row);
    // A click on a link inside the row is already followed by the router.
    if (!href || (event.target instanceof Element && event.target.closest('a'))) return;
    navigate(href);
  };
  return (
    <>
      {/* The caption stays outside the scrolling box, so a narrow screen scrolls the numbers, not the words. */}
      <p class="table-caption">{props.caption}</p>
      <div class="table-scroll">
        <table class="data-table" data-testid={props.testId} aria-label={props.caption}>
          <thead>
            <tr><For each={props.columns}>{(column) => <th scope="col" classList={{ numeric: column.numeric }}>{column.header}</th>}</For></tr>
          </thead>
          <tbody>
            <For each={props.rows}>
              {(row) => (
                <tr
                  {...(props.rowAttributes?.(row) ?? {})}
                  data-testid={props.rowTestId}
                  class={[props.rowClass?.(row), props.rowHref?.(row) ? 'drillable' : ''].filter(Boolean).join(' ')}
                  tabIndex={props.rowHref?.(row) ? 0 : undefined}
                  onClick={(event) => follow(row, event)}
                  onKeyDown={(event) => event.key === 'Enter' && follow(row, event)}
                >
                  <For each={props.columns}>
                    {(column) => <td data-testid={column.testId} classList={{ numeric: column.numeric }}>{column.cell(row)}</td>}
                  </For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={props.rows.length === 0}><p class="muted">No rows.</p></Show>
    </>
  );
}
