import { formatCount, formatMedianDays, formatMoney, formatRoi } from '../lib/format.ts';
import type { SourceRoi } from '../lib/view-reports.ts';
import { CountLink } from './count-link.tsx';
import { DataTable, type Column } from './data-table.tsx';
import { RateWithInterval } from './rate-with-interval.tsx';
import { sourceLeadsHref, sourceOpportunitiesHref, sourceWonHref, type ReportScope } from './roi-record-links.ts';

const leadsCell = (scope: ReportScope) => (row: SourceRoi) => <CountLink count={row.leads} href={sourceLeadsHref(scope, row)} label={`Leads of ${row.source}`} />;
const wonCell = (scope: ReportScope) => (row: SourceRoi) => <CountLink count={row.won} href={sourceWonHref(scope, row)} label={`Deals won from ${row.source}`} />;

function costColumns(scope: ReportScope): Column<SourceRoi>[] {
  return [
    { header: 'Source', testId: 'roi-source', cell: (row) => row.source },
    { header: 'Cost', testId: 'roi-cost', numeric: true, cell: (row) => formatMoney(row.cost) },
    { header: 'Leads', testId: 'roi-leads', numeric: true, cell: leadsCell(scope) },
    { header: 'Cost / lead', testId: 'roi-cost-per-lead', numeric: true, cell: (row) => formatMoney(row.cost_per_lead) },
    {
      header: 'Opps.', testId: 'roi-opportunities', numeric: true,
      cell: (row) => <CountLink count={row.opportunities} href={sourceOpportunitiesHref(scope, row)} label={`Opportunities of ${row.source}`} />,
    },
    { header: 'Cost / opp.', testId: 'roi-cost-per-opportunity', numeric: true, cell: (row) => formatMoney(row.cost_per_opportunity) },
    { header: 'Pipeline created', testId: 'roi-pipeline', numeric: true, cell: (row) => formatMoney(row.pipeline) },
    { header: 'Won', testId: 'roi-won', numeric: true, cell: wonCell(scope) },
    { header: 'Won revenue', testId: 'roi-won-revenue', numeric: true, cell: (row) => formatMoney(row.won_revenue) },
    { header: 'CAC', testId: 'roi-cac', numeric: true, cell: (row) => formatMoney(row.cost_per_won_deal) },
    { header: 'ROI', testId: 'roi-roi', numeric: true, cell: (row) => formatRoi(row.roi) },
    { header: 'Cohort ROI', testId: 'roi-cohort-roi', numeric: true, cell: (row) => formatRoi(row.cohort_roi) },
  ];
}

function qualityColumns(scope: ReportScope): Column<SourceRoi>[] {
  return [
    { header: 'Source', testId: 'quality-source', cell: (row) => row.source },
    { header: 'Leads', testId: 'quality-leads', numeric: true, cell: leadsCell(scope) },
    { header: 'Converted', testId: 'quality-converted', numeric: true, cell: (row) => formatCount(row.converted_leads) },
    {
      header: 'Conversion (95% CI)', testId: 'quality-conversion', numeric: true,
      cell: (row) => <RateWithInterval rate={row.conversion_rate} low={row.conversion_low} high={row.conversion_high} />,
    },
    { header: 'Closed', testId: 'quality-closed', numeric: true, cell: (row) => formatCount(row.closed) },
    { header: 'Win rate (95% CI)', testId: 'quality-win-rate', numeric: true, cell: (row) => <RateWithInterval rate={row.win_rate} low={row.win_rate_low} high={row.win_rate_high} /> },
    { header: 'Median cycle', testId: 'quality-median-cycle', numeric: true, cell: (row) => formatMedianDays(row.median_days_to_close) },
    { header: 'Cohort won', testId: 'quality-cohort-won', numeric: true, cell: (row) => formatCount(row.cohort_won) },
    { header: 'Cohort revenue', testId: 'quality-cohort-revenue', numeric: true, cell: (row) => formatMoney(row.cohort_won_revenue) },
  ];
}

// The procedure sends the total row last already; keep it there whatever the order.
const totalLast = (rows: SourceRoi[]) => [...rows.filter((row) => !row.is_total), ...rows.filter((row) => row.is_total)];

/**
 * Cost and return per source (procedure sources.view, table roi), the total row last. A row opens
 * the source's leads; the opportunity and won counts open those deals.
 */
export function SourceRoiTable(props: { rows: SourceRoi[]; scope: ReportScope }) {
  return (
    <DataTable
      caption="Cost spent, leads and opportunities created, and deals won in the period, deals by the source of the lead they came from. CAC = cost per won deal of new business; ROI = (won revenue − cost) / cost; cohort ROI counts instead the revenue the period's leads have won to date. Click a row for its leads."
      testId="roi-table"
      rowTestId="roi-row"
      columns={costColumns(props.scope)}
      rows={totalLast(props.rows)}
      rowAttributes={(row) => ({ 'data-source': row.source, 'data-total': String(row.is_total) })}
      rowClass={(row) => (row.is_total ? 'total-row' : '')}
      rowHref={(row) => sourceLeadsHref(props.scope, row)}
    />
  );
}

/** Conversion of each source's lead cohort, win rate and median cycle of its deals closed in the period (table roi). */
export function SourceQualityTable(props: { rows: SourceRoi[]; scope: ReportScope }) {
  return (
    <DataTable
      caption="Conversion: the period's leads converted to an opportunity by the as-of date. Win rate: won / (won + lost) of deals closed in the period; median cycle: days from creation to close of those won. Cohort: deals won to date from the period's leads. Click a row for its leads."
      testId="quality-table"
      rowTestId="quality-row"
      columns={qualityColumns(props.scope)}
      rows={totalLast(props.rows)}
      rowAttributes={(row) => ({ 'data-source': row.source, 'data-total': String(row.is_total) })}
      rowClass={(row) => (row.is_total ? 'total-row' : '')}
      rowHref={(row) => sourceLeadsHref(props.scope, row)}
    />
  );
}
