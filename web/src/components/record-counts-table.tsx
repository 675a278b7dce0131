import { formatCount } from '../lib/format.ts';
import type { RecordCount } from '../lib/view-reports.ts';
import { DataTable, type Column } from './data-table.tsx';

const COLUMNS: Column<RecordCount>[] = [
  { header: 'System', testId: 'count-system', cell: (row) => row.system },
  { header: 'Table', testId: 'count-table', cell: (row) => row.table_name },
  { header: 'Current records', testId: 'count-current', numeric: true, cell: (row) => formatCount(row.current_records) },
  { header: 'Stored versions', testId: 'count-versions', numeric: true, cell: (row) => formatCount(row.versions) },
];

/** Current records and the versions kept of them, per system and table (procedure data.view, table record_counts). */
export function RecordCountsTable(props: { rows: RecordCount[] }) {
  return (
    <DataTable
      caption="Current records are those in each system's latest snapshot; stored versions count every version the history keeps (a record changed once has two)."
      testId="record-counts-table"
      rowTestId="record-count-row"
      columns={COLUMNS}
      rows={props.rows}
      rowAttributes={(row) => ({ 'data-system': row.system, 'data-table': row.table_name })}
    />
  );
}
