import { formatCount, formatMoney, formatPercent } from '../lib/format.ts';
import type { SourceWinRate } from '../lib/view-reports.ts';
import { DataTable, type Column } from './data-table.tsx';
import { RateWithInterval } from './rate-with-interval.tsx';

const COLUMNS: Column<SourceWinRate>[] = [
  { header: 'Source', testId: 'source-name', cell: (row) => row.source },
  { header: 'Won', testId: 'source-won', numeric: true, cell: (row) => formatCount(row.won) },
  { header: 'Lost', testId: 'source-lost', numeric: true, cell: (row) => formatCount(row.lost) },
  { header: 'Closed', testId: 'source-closed', numeric: true, cell: (row) => formatCount(row.closed) },
  {
    header: 'Win rate by count (95% CI)', testId: 'source-win-rate', numeric: true,
    cell: (row) => <RateWithInterval rate={row.win_rate} low={row.win_rate_low} high={row.win_rate_high} />,
  },
  { header: 'Won amount', testId: 'source-won-amount', numeric: true, cell: (row) => formatMoney(row.won_amount) },
  { header: 'Lost amount', testId: 'source-lost-amount', numeric: true, cell: (row) => formatMoney(row.lost_amount) },
  { header: 'Win rate by amount', testId: 'source-win-rate-by-amount', numeric: true, cell: (row) => formatPercent(row.win_rate_by_amount) },
];

/**
 * Win rate by source (procedure sources.view, table win_rate_by_source), the total row last; a
 * source's row opens the Funnel view for that source.
 */
export function WinRateTable(props: { rows: SourceWinRate[]; sourceHref: (row: SourceWinRate) => string | undefined }) {
  // The procedure sends the total row last already; keep it there whatever the order.
  const ordered = () => [...props.rows.filter((row) => !row.is_total), ...props.rows.filter((row) => row.is_total)];
  return (
    <DataTable
      caption="Opportunities closed in the period (won or lost), by the source of the lead they came from. Click a source to see its funnel."
      testId="source-table"
      rowTestId="source-row"
      columns={COLUMNS}
      rows={ordered()}
      rowAttributes={(row) => ({ 'data-source': row.source, 'data-total': String(row.is_total) })}
      rowClass={(row) => (row.is_total ? 'total-row' : '')}
      rowHref={props.sourceHref}
    />
  );
}
