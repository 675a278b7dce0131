import { Show } from 'solid-js';
import { groupLabel } from '../charts/group-curves-chart.ts';
import { formatCount, formatDuration, NO_VALUE } from '../lib/format.ts';
import type { CycleTimeDuration } from '../lib/view-reports.ts';
import { DataTable, type Column } from './data-table.tsx';

/** Where each journey ends; every journey starts when the record was created. */
export const JOURNEY_LABELS: Record<CycleTimeDuration['journey'], string> = {
  lead_to_conversion: 'Converted',
  lead_to_disqualification: 'Disqualified',
  lead_to_exit: 'Either outcome',
  opportunity_to_won: 'Won',
  opportunity_to_lost: 'Lost',
  opportunity_to_close: 'Closed (won or lost)',
};

/** What a grouping's rows are called in the table's group column and its total row. */
export const GROUP_NAMES = { source: ['Source', 'All sources'], team: ['Team', 'All teams'], industry: ['Industry', 'All industries'], country: ['Country', 'All countries'] } as const;
export type GroupBy = keyof typeof GROUP_NAMES;

function durationColumn(header: string, testId: string, days: (row: CycleTimeDuration) => number | null): Column<CycleTimeDuration> {
  return { header, testId, numeric: true, cell: (row) => formatDuration(days(row)) };
}

// A single outcome has no Kaplan-Meier median: the outcomes compete (see the cumulative incidence curves).
function KaplanMeierMedian(props: { row: CycleTimeDuration }) {
  return (
    <Show when={props.row.is_either_outcome} fallback={<span class="muted" title="Won and lost (converted and disqualified) compete: see the cumulative incidence curves">{NO_VALUE}</span>}>
      <Show when={props.row.km_median_days !== null} fallback={<span title="More than half are still open: no median yet">not reached</span>}>
        {formatDuration(props.row.km_median_days)}
      </Show>
    </Show>
  );
}

/**
 * Durations of completed journeys of one kind of record (procedure cycleTimes.view, table
 * durations): median, p75 and p90 over the records that reached the outcome, and beside them the
 * Kaplan-Meier median, which counts the open ones too. A row opens the records behind it.
 */
export function CycleTimeTable(props: { kind: 'lead' | 'opportunity'; rows: CycleTimeDuration[]; groupBy: GroupBy | null; rowHref: (row: CycleTimeDuration) => string | undefined }) {
  const openWord = () => (props.kind === 'lead' ? 'leads' : 'deals');
  const columns = (): Column<CycleTimeDuration>[] => [
    { header: 'Created →', testId: 'journey', cell: (row) => JOURNEY_LABELS[row.journey] },
    ...(props.groupBy ? [{
      header: GROUP_NAMES[props.groupBy][0], testId: 'journey-group',
      cell: (row: CycleTimeDuration) => (row.is_total ? GROUP_NAMES[props.groupBy as GroupBy][1] : groupLabel(row.group_value)),
    }] : []),
    { header: 'Completed', testId: 'journey-completed', numeric: true, cell: (row) => formatCount(row.completed) },
    durationColumn('Median', 'journey-median', (row) => row.median_days),
    durationColumn('p75', 'journey-p75', (row) => row.p75_days),
    durationColumn('p90', 'journey-p90', (row) => row.p90_days),
    { header: `Kaplan-Meier median (counts open ${openWord()})`, testId: 'journey-km-median', numeric: true, cell: (row) => <KaplanMeierMedian row={row} /> },
    { header: 'Still open', testId: 'journey-open', numeric: true, cell: (row) => formatCount(row.still_open) },
    { header: 'No date', testId: 'journey-without-duration', numeric: true, cell: (row) => formatCount(row.without_duration) },
  ];
  return (
    <DataTable
      caption={props.kind === 'lead'
        ? 'Leads created in the period. Median, p75 and p90 of the leads that reached the outcome; the Kaplan-Meier median also counts the leads still open. No date: reached it, but with no date to measure by, so left out. Click a row for its leads.'
        : 'Opportunities created in the period. Median, p75 and p90 of the deals that reached the outcome; the Kaplan-Meier median also counts the deals still open. No date: reached it, but with no date to measure by, so left out. Click a row for its deals.'}
      testId={`${props.kind}-durations-table`}
      rowTestId="duration-row"
      columns={columns()}
      rows={props.rows}
      rowAttributes={(row) => ({ 'data-journey': row.journey, 'data-group': row.is_total ? '(total)' : groupLabel(row.group_value) })}
      rowClass={(row) => (row.is_total && props.groupBy ? 'total-row' : '')}
      rowHref={props.rowHref}
    />
  );
}
