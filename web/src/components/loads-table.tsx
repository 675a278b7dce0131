import { createSignal, For, Show } from 'solid-js';
import { formatCount, formatSeconds, formatTimestamp } from '../lib/format.ts';
import { parseLoadFiles, sha256Prefix, type LoadFile } from '../lib/load-files.ts';
import type { LoadBatch } from '../lib/view-reports.ts';
import { DataTable, type Column } from './data-table.tsx';
import { createShowAll, ShowAllButton } from './show-all.tsx';

// The newest loads fit on a screen; the rest are one click away.
const FIRST_LOADS = 10;

const HEADERS: { label: string; numeric?: boolean }[] = [
  { label: '' }, { label: 'Snapshot' }, { label: 'System' }, { label: 'CRM' }, { label: 'Status' },
  { label: 'Rows loaded', numeric: true }, { label: 'Rows rejected', numeric: true },
  { label: 'Created', numeric: true }, { label: 'Changed', numeric: true }, { label: 'Deleted', numeric: true },
  { label: 'Loaded at' }, { label: 'Took', numeric: true },
];

/**
 * Every load, newest first (procedure data.view, table loads). A load's row opens the files it
 * read, with their rows and checksums.
 */
export function LoadsTable(props: { loads: LoadBatch[] }) {
  const [open, setOpen] = createSignal<ReadonlySet<number>>(new Set());
  const isOpen = (load: LoadBatch) => open().has(load.batch_id);
  const toggle = (load: LoadBatch) => {
    const next = new Set(open());
    if (!next.delete(load.batch_id)) next.add(load.batch_id);
    setOpen(next);
  };
  const capped = createShowAll(() => props.loads, FIRST_LOADS);
  return (
    <>
      <p class="table-caption">Each snapshot loaded, newest first. Click a load to see the files it read.</p>
      <div class="table-scroll">
        <table class="data-table loads-table" data-testid="loads-table" aria-label="Loads, newest first">
          <thead>
            <tr><For each={HEADERS}>{(header) => <th scope="col" classList={{ numeric: header.numeric }}>{header.label}</th>}</For></tr>
          </thead>
          <tbody>
            <For each={capped.visible()}>
              {(load) => (
                <>
                  <tr
                    class="drillable"
                    classList={{ replaced: load.status === 'replaced', open: isOpen(load) }}
                    data-testid="load-row"
                    data-batch={String(load.batch_id)}
                    data-as-of={load.as_of}
                    tabIndex={0}
                    aria-expanded={isOpen(load)}
                    onClick={() => toggle(load)}
                    onKeyDown={(event) => {
                      if (event.key !== 'Enter' && event.key !== ' ') return;
                      event.preventDefault();
                      toggle(load);
                    }}
                  >
                    <td class="expander" aria-hidden="true">{isOpen(load) ? '▾' : '▸'}</td>
                    <td data-testid="load-as-of">{load.as_of}</td>
                    <td data-testid="load-system">{load.system}</td>
                    <td data-testid="load-crm">{load.crm}</td>
                    <td data-testid="load-status"><span class="badge" classList={{ muted: load.status === 'replaced' }}>{load.status}</span></td>
                    <td data-testid="load-rows-loaded" class="numeric">{formatCount(load.rows_loaded)}</td>
                    <td data-testid="load-rows-rejected" class="numeric" classList={{ warn: load.rows_rejected > 0 }}>{formatCount(load.rows_rejected)}</td>
                    <td data-testid="load-created" class="numeric">{formatCount(load.records_created)}</td>
                    <td data-testid="load-changed" class="numeric">{formatCount(load.records_changed)}</td>
                    <td data-testid="load-deleted" class="numeric">{formatCount(load.records_deleted)}</td>
                    <td data-testid="load-started-at">{formatTimestamp(load.started_at)}</td>
                    <td data-testid="load-seconds" class="numeric">{formatSeconds(load.seconds)}</td>
                  </tr>
                  <Show when={isOpen(load)}>
                    <tr class="detail-row" data-testid="load-files" data-batch={String(load.batch_id)}>
                      <td colSpan={HEADERS.length}><LoadFiles load={load} /></td>
                    </tr>
                  </Show>
                </>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={props.loads.length === 0}><p class="muted">No loads.</p></Show>
      <ShowAllButton total={props.loads.length} hidden={capped.hidden()} limit={FIRST_LOADS} showingAll={capped.showingAll()} onToggle={capped.toggle} noun="loads" first="newest" testId="loads-show-all" />
    </>
  );
}

const FILE_COLUMNS: Column<LoadFile>[] = [
  { header: 'File', testId: 'file-name', cell: (file) => file.file },
  { header: 'Rows loaded', testId: 'file-rows-loaded', numeric: true, cell: (file) => formatCount(file.rows_loaded) },
  { header: 'Rows rejected', testId: 'file-rows-rejected', numeric: true, cell: (file) => formatCount(file.rows_rejected) },
  { header: 'SHA-256', testId: 'file-sha256', cell: (file) => <code title={file.sha256}>{sha256Prefix(file.sha256)}</code> },
];

function LoadFiles(props: { load: LoadBatch }) {
  return (
    <div class="load-files">
      <DataTable
        caption={`Files read by the ${props.load.system} load of ${props.load.as_of} (batch ${props.load.batch_id}).`}
        testId="load-files-table"
        rowTestId="file-row"
        columns={FILE_COLUMNS}
        rows={parseLoadFiles(props.load.files)}
        rowAttributes={(file) => ({ 'data-file': file.file })}
      />
    </div>
  );
}
