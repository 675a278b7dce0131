import { A } from '@solidjs/router';
import { Show, type JSX } from 'solid-js';
import { formatCount, formatDay, formatMoney, formatMoneyChange } from '../lib/format.ts';
import type { ForecastTrendChange } from '../lib/view-reports.ts';
import { DataTable, type Column } from './data-table.tsx';

/**
 * The Pipeline view between the week's two snapshots, for the forecast's period: `asOf` is its end
 * snapshot and `from` its start (the names web/src/views/pipeline-view.tsx reads, in its order).
 */
export function pipelineWeekHref(row: ForecastTrendChange, period: string | undefined): string {
  const query = new URLSearchParams({ asOf: row.snapshot_date, from: row.previous_snapshot_date });
  if (period) query.set('period', period);
  return `/pipeline?${query.toString()}`;
}

/** A number of deals and their amount, `2 · 11,000`; none is a faint 0. */
function DealsMoved(props: { deals: number; amount: number }) {
  return (
    <Show when={props.deals > 0} fallback={<span class="muted">0</span>}>
      {formatCount(props.deals)} <span class="muted">·</span> {formatMoney(props.amount)}
    </Show>
  );
}

/** Deals moved up and down, `↑1 ↓0`, with the weighted change they made where there is one. */
function UpDown(props: { up: number; down: number; change?: number; upLabel: string; downLabel: string }): JSX.Element {
  return (
    <span title={`${formatCount(props.up)} ${props.upLabel}, ${formatCount(props.down)} ${props.downLabel}`}>
      ↑{formatCount(props.up)} ↓{formatCount(props.down)}
      <Show when={props.change !== undefined}> <span class="muted">·</span> {formatMoneyChange(props.change)}</Show>
    </span>
  );
}

function columns(period: string | undefined): Column<ForecastTrendChange>[] {
  return [
    {
      header: 'Week', testId: 'change-week',
      cell: (row) => <A href={pipelineWeekHref(row, period)} title="What moved the pipeline between these snapshots">{formatDay(row.previous_snapshot_date, { withYear: false })} → {formatDay(row.snapshot_date, { withYear: false })}</A>,
    },
    { header: 'Weighted change', testId: 'change-weighted', numeric: true, cell: (row) => <strong>{formatMoneyChange(row.weighted_change)}</strong> },
    { header: 'Won', testId: 'change-won', numeric: true, cell: (row) => <DealsMoved deals={row.won_deals} amount={row.won_amount} /> },
    { header: 'Lost', testId: 'change-lost', numeric: true, cell: (row) => <DealsMoved deals={row.lost_deals} amount={row.lost_amount} /> },
    { header: 'Created', testId: 'change-created', numeric: true, cell: (row) => <DealsMoved deals={row.created_deals} amount={row.created_amount} /> },
    { header: 'Pulled in', testId: 'change-pulled-in', numeric: true, cell: (row) => <DealsMoved deals={row.pulled_in_deals} amount={row.pulled_in_amount} /> },
    { header: 'Pushed out', testId: 'change-pushed-out', numeric: true, cell: (row) => <DealsMoved deals={row.pushed_out_deals} amount={row.pushed_out_amount} /> },
    {
      header: 'Probability', testId: 'change-probability', numeric: true,
      cell: (row) => <UpDown up={row.probability_raised_deals} down={row.probability_lowered_deals} change={row.probability_weighted_change} upLabel="raised" downLabel="lowered" />,
    },
    {
      header: 'Resized', testId: 'change-resized', numeric: true,
      cell: (row) => <Show when={row.resized_deals > 0} fallback={<span class="muted">0</span>}>{formatCount(row.resized_deals)} <span class="muted">·</span> {formatMoneyChange(row.resized_weighted_change)}</Show>,
    },
    {
      header: 'Category', testId: 'change-category', numeric: true,
      cell: (row) => <UpDown up={row.category_up_deals} down={row.category_down_deals} upLabel="moved toward commit" downLabel="moved away from commit" />,
    },
  ];
}

/**
 * What moved the forecast from each snapshot to the next (procedure forecast.view, table
 * trendChanges), latest week first; a week opens the Pipeline view between its two snapshots.
 */
export function ForecastChangesTable(props: { rows: ForecastTrendChange[]; period: string | undefined }) {
  const latestFirst = () => [...props.rows].reverse();
  return (
    <DataTable
      caption="What moved the weighted pipeline, week by week: deals won, lost, created, pulled into or pushed out of the period (count · amount); open deals of the period whose probability rose or fell, or whose amount changed (count · the weighted change it made), and whose forecast category moved toward commit or away. Click a week for its pipeline movement."
      testId="forecast-changes-table" rowTestId="forecast-change-row" columns={columns(props.period)} rows={latestFirst()}
      rowAttributes={(row) => ({ 'data-snapshot': row.snapshot_date })}
      rowHref={(row) => pipelineWeekHref(row, props.period)}
    />
  );
}
