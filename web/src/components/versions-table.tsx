import { formatDate, formatMoney, formatNumber, formatPercent, NO_VALUE } from '../lib/format.ts';
import type { RecordVersion } from '../lib/view-reports.ts';
import { DataTable, type Column } from './data-table.tsx';

const text = (value: string | null | undefined) => (value ? value : NO_VALUE);

const VALIDITY: Column<RecordVersion>[] = [
  { header: 'Valid from', testId: 'version-from', cell: (version) => version.valid_from },
  { header: 'Valid to', testId: 'version-to', cell: (version) => version.valid_to ?? 'current' },
];

const OPPORTUNITY_COLUMNS: Column<RecordVersion>[] = [
  ...VALIDITY,
  { header: 'Stage', testId: 'version-state', cell: (version) => text(version.state) },
  { header: 'Amount', testId: 'version-amount', numeric: true, cell: (version) => formatMoney(version.amount) },
  { header: 'Close date', testId: 'version-close-date', cell: (version) => formatDate(version.close_date) },
  { header: 'Owner', testId: 'version-owner', cell: (version) => text(version.owner) },
  { header: 'Probability', testId: 'version-probability', numeric: true, cell: (version) => formatPercent(version.probability) },
  { header: 'Forecast category', testId: 'version-forecast-category', cell: (version) => text(version.forecast_category) },
];

// For a lead the timeline's amount is its budget amount and its date the expected decision date.
const LEAD_COLUMNS: Column<RecordVersion>[] = [
  ...VALIDITY,
  { header: 'Status', testId: 'version-state', cell: (version) => text(version.state) },
  { header: 'Budget amount', testId: 'version-amount', numeric: true, cell: (version) => formatMoney(version.amount) },
  { header: 'Expected decision', testId: 'version-close-date', cell: (version) => formatDate(version.close_date) },
  { header: 'Owner', testId: 'version-owner', cell: (version) => text(version.owner) },
  { header: 'Score', testId: 'version-score', numeric: true, cell: (version) => formatNumber(version.score) },
];

/** Every stored version of one record, oldest first (procedure records.detail, table timeline). */
export function VersionsTable(props: { kind: 'lead' | 'opportunity'; versions: RecordVersion[] }) {
  return (
    <DataTable
      caption="Each row is what the record looked like from the snapshot that changed it until the next change; a snapshot that changed nothing adds no row."
      testId="versions-table"
      rowTestId="version-row"
      columns={props.kind === 'opportunity' ? OPPORTUNITY_COLUMNS : LEAD_COLUMNS}
      rows={props.versions}
      rowAttributes={(version) => ({ 'data-valid-from': version.valid_from })}
    />
  );
}
