import { groupLabel } from '../charts/group-curves-chart.ts';
import { stageLabel } from '../charts/stage-time-chart.ts';
import { formatCount, formatDuration } from '../lib/format.ts';
import type { StageTime } from '../lib/view-reports.ts';
import { GROUP_NAMES, type GroupBy } from './cycle-time-table.tsx';
import { DataTable, type Column } from './data-table.tsx';

function durationColumn(header: string, testId: string, days: (row: StageTime) => number | null): Column<StageTime> {
  return { header, testId, numeric: true, cell: (row) => formatDuration(days(row)) };
}

/**
 * Time in each open stage (procedure cycleTimes.view, table stages), per group when grouped; a row
 * opens the deals of the period still in that stage.
 */
export function StageTimeTable(props: { rows: StageTime[]; groupBy: GroupBy | null; rowHref: (row: StageTime) => string | undefined }) {
  const columns = (): Column<StageTime>[] => [
    { header: 'Stage', testId: 'stage-name', cell: (row) => stageLabel(row.stage) },
    ...(props.groupBy ? [{
      header: GROUP_NAMES[props.groupBy][0], testId: 'stage-group',
      cell: (row: StageTime) => (row.is_total ? GROUP_NAMES[props.groupBy as GroupBy][1] : groupLabel(row.group_value)),
    }] : []),
    { header: 'Deals in it', testId: 'stage-opportunities', numeric: true, cell: (row) => formatCount(row.opportunities) },
    { header: 'Left it', testId: 'stage-completed', numeric: true, cell: (row) => formatCount(row.completed) },
    durationColumn('Median', 'stage-median', (row) => row.median_days),
    durationColumn('p75', 'stage-p75', (row) => row.p75_days),
    durationColumn('p90', 'stage-p90', (row) => row.p90_days),
    durationColumn('Kaplan-Meier median (counts deals still in it)', 'stage-km-median', (row) => row.km_median_days),
    { header: 'Still in it', testId: 'stage-still-in', numeric: true, cell: (row) => formatCount(row.still_in_stage) },
  ];
  return (
    <DataTable
      caption="Opportunities created in the period, by each open stage they entered (all their stays in it together). Click a row for the deals still in that stage."
      testId="stage-table"
      rowTestId="stage-row"
      columns={columns()}
      rows={props.rows}
      rowAttributes={(row) => ({ 'data-stage': row.stage, 'data-group': row.is_total ? '(total)' : groupLabel(row.group_value) })}
      rowClass={(row) => (row.is_total && props.groupBy ? 'total-row' : '')}
      rowHref={props.rowHref}
    />
  );
}
