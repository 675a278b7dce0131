import { formatCount, formatMoney, formatPercent, NO_VALUE } from '../lib/format.ts';
import type { ForecastAccuracy, ForecastMethod } from '../lib/view-reports.ts';
import { DataTable, type Column } from './data-table.tsx';

const METHOD_NAMES: Record<string, string> = {
  weighted: 'Weighted pipeline', commit: 'Commit', best_case: 'Best case', historical: 'Historical', monte_carlo: 'Monte Carlo',
};
const methodName = (method: string) => METHOD_NAMES[method] ?? method;

const METHOD_COLUMNS: Column<ForecastMethod>[] = [
  { header: 'Method', testId: 'method-name', cell: (row) => methodName(row.method) },
  { header: 'Forecast', testId: 'method-figure', numeric: true, cell: (row) => formatMoney(row.figure) },
  { header: 'P10', testId: 'method-p10', numeric: true, cell: (row) => formatMoney(row.p10) },
  { header: 'P50', testId: 'method-p50', numeric: true, cell: (row) => formatMoney(row.p50) },
  { header: 'P90', testId: 'method-p90', numeric: true, cell: (row) => formatMoney(row.p90) },
  { header: 'Note', testId: 'method-note', cell: (row) => row.note || NO_VALUE },
];

/** The period's forecast by each method (procedure forecast.view, table methods). */
export function ForecastMethodsTable(props: { rows: ForecastMethod[] }) {
  return (
    <DataTable caption="This period's forecast by method. Historical and Monte Carlo learn only from snapshots before the as-of date; P10-P90 is the Monte Carlo band."
      testId="forecast-methods" rowTestId="forecast-method-row" columns={METHOD_COLUMNS} rows={props.rows}
      rowAttributes={(row) => ({ 'data-method': row.method })} />
  );
}

const ACCURACY_COLUMNS: Column<ForecastAccuracy>[] = [
  { header: 'Method', testId: 'accuracy-method', cell: (row) => methodName(row.method) },
  { header: 'Day of quarter', testId: 'accuracy-day', numeric: true, cell: (row) => formatCount(row.day) },
  { header: 'Quarters', testId: 'accuracy-quarters', numeric: true, cell: (row) => formatCount(row.quarters) },
  { header: 'Mean abs. % error', testId: 'accuracy-mape', numeric: true, cell: (row) => formatPercent(row.mape) },
  { header: 'WAPE', testId: 'accuracy-wape', numeric: true, cell: (row) => formatPercent(row.wape) },
  { header: 'Bias', testId: 'accuracy-bias', numeric: true, cell: (row) => formatPercent(row.bias) },
  { header: 'Actual inside P10-P90', testId: 'accuracy-band', numeric: true, cell: (row) => formatPercent(row.band_share) },
];

/** How accurate each method has been in past quarters (procedure forecast.view, table backtest). */
export function ForecastAccuracyTable(props: { rows: ForecastAccuracy[] }) {
  return (
    <DataTable caption="Backtest: each method's forecast as of day 1, 15, 30, 45, 60 and 75 of past quarters against what closed. Lower error earns trust; bias above 0 means the method forecast too high."
      testId="forecast-backtest" rowTestId="forecast-backtest-row" columns={ACCURACY_COLUMNS} rows={props.rows}
      rowAttributes={(row) => ({ 'data-method': row.method, 'data-day': String(row.day) })} />
  );
}
