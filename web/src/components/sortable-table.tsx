import { A, useNavigate } from '@solidjs/router';
import { For, Show, type JSX } from 'solid-js';

/** One column; a column with `sort` names the allow-listed column its header sorts by. */
export interface SortableColumn<Row> {
  header: string;
  testId: string;
  numeric?: boolean;
  sort?: string;
  /** The direction of a first click on the header: largest first for numbers, A to Z otherwise. */
  firstDirection?: 'asc' | 'desc';
  cell: (row: Row) => JSX.Element;
}

/**
 * A table whose sortable headers are links (the sort lives in the URL), and whose rows open a
 * link: clicking anywhere on a row, or Enter on it, follows `rowHref`.
 */
export function SortableTable<Row>(props: {
  columns: SortableColumn<Row>[];
  rows: Row[];
  caption: string;
  testId: string;
  rowTestId: string;
  sort: string;
  direction: 'asc' | 'desc';
  sortHref: (column: string, direction: 'asc' | 'desc') => string;
  rowHref: (row: Row) => string;
  rowAttributes?: (row: Row) => Record<string, string>;
}) {
  const navigate = useNavigate();
  const follow = (row: Row, event: Event) => {
    // A click on a link inside the row is already followed by the router.
    if (event.target instanceof Element && event.target.closest('a')) return;
    navigate(props.rowHref(row));
  };
  return (
    <>
      <p class="table-caption">{props.caption}</p>
      <div class="table-scroll">
        <table class="data-table" data-testid={props.testId} aria-label={props.caption}>
          <thead>
            <tr>
              <For each={props.columns}>
                {(column) => <SortableHeader column={column} sort={props.sort} direction={props.direction} sortHref={props.sortHref} />}
              </For>
            </tr>
          </thead>
          <tbody>
            <For each={props.rows}>
              {(row) => (
                <tr
                  {...(props.rowAttributes?.(row) ?? {})}
                  data-testid={props.rowTestId}
                  class="drillable"
                  tabIndex={0}
                  onClick={(event) => follow(row, event)}
                  onKeyDown={(event) => event.key === 'Enter' && follow(row, event)}
                >
                  <For each={props.columns}>{(column) => <td data-testid={column.testId} classList={{ numeric: column.numeric }}>{column.cell(row)}</td>}</For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </>
  );
}

function SortableHeader<Row>(props: { column: SortableColumn<Row>; sort: string; direction: 'asc' | 'desc'; sortHref: (column: string, direction: 'asc' | 'desc') => string }) {
  const isSorted = () => props.column.sort !== undefined && props.column.sort === props.sort;
  // A second click on the sorted column reverses it.
  const nextDirection = () => (isSorted() ? (props.direction === 'asc' ? 'desc' : 'asc') : props.column.firstDirection ?? (props.column.numeric ? 'desc' : 'asc'));
  const ariaSort = () => (isSorted() ? (props.direction === 'asc' ? 'ascending' : 'descending') : undefined);
  return (
    <th scope="col" classList={{ numeric: props.column.numeric }} aria-sort={ariaSort()}>
      <Show when={props.column.sort} fallback={props.column.header}>
        {(sort) => (
          <A href={props.sortHref(sort(), nextDirection())} class="sort-link" data-testid={`sort-${sort()}`} title={`Sort by ${props.column.header.toLowerCase()}`}>
            {props.column.header}
            <span aria-hidden="true" style={{ 'margin-left': '0.25em', opacity: isSorted() ? 1 : 0.35 }}>{isSorted() ? (props.direction === 'asc' ? '▲' : '▼') : '↕'}</span>
          </A>
        )}
      </Show>
    </th>
  );
}
