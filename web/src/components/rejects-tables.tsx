import { For, Show } from 'solid-js';
import { formatCount, formatTimestamp, NO_VALUE } from '../lib/format.ts';
import type { RefusedLoad, RejectedRow } from '../lib/view-reports.ts';
import { DataTable, type Column } from './data-table.tsx';
import { EmptyNotice } from './problem-notice.tsx';
import { createShowAll, ShowAllButton } from './show-all.tsx';

// Rejected rows come by the hundred from one bad file: the first ones tell the story.
const FIRST_REJECTS = 20;

const REJECT_COLUMNS: Column<RejectedRow>[] = [
  { header: 'Snapshot', testId: 'reject-as-of', cell: (row) => row.as_of },
  { header: 'System', testId: 'reject-system', cell: (row) => row.system },
  { header: 'File', testId: 'reject-file', cell: (row) => row.file },
  { header: 'Row', testId: 'reject-row-number', numeric: true, cell: (row) => formatCount(row.row_number) },
  { header: 'Column', testId: 'reject-column', cell: (row) => row.column_name ?? NO_VALUE },
  { header: 'Value', testId: 'reject-value', cell: (row) => (row.value === null ? NO_VALUE : <code class="wrap">{row.value}</code>) },
  { header: 'Why', testId: 'reject-problem', cell: (row) => <span class="wrap">{row.problem}</span> },
];

/** Rows left out of loads run with --allow-rejects, and why (procedure data.view, table rejects). */
export function RejectedRowsTable(props: { rows: RejectedRow[] }) {
  const capped = createShowAll(() => props.rows, FIRST_REJECTS);
  return (
    <Show when={props.rows.length > 0} fallback={<EmptyNotice message="No rows rejected: every row of every load was kept." />}>
      <DataTable
        caption="Rows left out of loads run with --allow-rejects, newest load first; each record kept its previous version."
        testId="rejects-table"
        rowTestId="reject-row"
        columns={REJECT_COLUMNS}
        rows={capped.visible()}
        rowAttributes={(row) => ({ 'data-batch': String(row.batch_id), 'data-file': row.file })}
        rowClass={() => 'top-aligned'}
      />
      <ShowAllButton total={props.rows.length} hidden={capped.hidden()} limit={FIRST_REJECTS} showingAll={capped.showingAll()} onToggle={capped.toggle} noun="rejected rows" first="first" testId="rejects-show-all" />
    </Show>
  );
}

/** A path that may wrap after any slash (and only there, while a part fits). */
function BreakableAtSlashes(props: { text: string }) {
  return <For each={props.text.split('/')}>{(part, i) => <>{i() > 0 ? '/' : ''}<wbr />{part}</>}</For>;
}

const REFUSED_COLUMNS: Column<RefusedLoad>[] = [
  { header: 'When', testId: 'refused-when', cell: (load) => formatTimestamp(load.written_at) },
  { header: 'System', testId: 'refused-system', cell: (load) => load.system },
  { header: 'Snapshot', testId: 'refused-as-of', cell: (load) => load.as_of },
  { header: 'Folder', testId: 'refused-folder', cell: (load) => <code class="wrap path"><BreakableAtSlashes text={load.folder} /></code> },
  { header: 'Problems', testId: 'refused-problems', numeric: true, cell: (load) => formatCount(load.problems) },
  { header: 'Message', testId: 'refused-message', cell: (load) => <span class="wrap message">{load.message}</span> },
];

/**
 * Loads that were refused and changed nothing, from the reports written beside the warehouse
 * (procedure data.view, table refused_loads), newest first.
 */
export function RefusedLoadsTable(props: { loads: RefusedLoad[] }) {
  return (
    <Show when={props.loads.length > 0} fallback={<EmptyNotice message="No refused loads." />}>
      <DataTable
        caption="Loads refused with the warehouse left unchanged, newest first. Fix the files, then load the folder again."
        testId="refused-table"
        rowTestId="refused-row"
        columns={REFUSED_COLUMNS}
        rows={props.loads}
        rowAttributes={(load) => ({ 'data-file': load.file })}
        rowClass={() => 'top-aligned'}
      />
    </Show>
  );
}
