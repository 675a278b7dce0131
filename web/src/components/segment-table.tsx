import { Show, type JSX } from 'solid-js';
import { formatInterval, formatPercent } from '../lib/format.ts';
import type { FunnelSegment } from '../lib/view-reports.ts';
import { CountLink } from './cohort-table.tsx';
import { DataTable, type Column } from './data-table.tsx';
import { segmentLeadsHref, type FunnelScope, type FunnelStepName } from './funnel-record-links.ts';
import { RateWithInterval } from './rate-with-interval.tsx';

/** A step's count (a link to its leads) over its rate of the previous step, with the 95% Wilson interval. */
function StepCell(props: { count: number; href: string | undefined; title: string; rate?: [number | null, number | null, number | null] }): JSX.Element {
  return (
    <>
      <CountLink count={props.count} href={props.href} title={props.title} />
      <Show when={props.rate}>
        {(rate) => (
          // Smaller than the table's own rate cells, so five steps fit across the page.
          <div style={{ 'font-size': '0.85em', color: 'var(--ink-soft)' }}>
            <span class="rate">{formatPercent(rate()[0])}</span>
            <Show when={formatInterval(rate()[1], rate()[2])}>{(interval) => <span style={{ color: 'var(--ink-faint)', 'margin-left': '0.35em' }} title="95% Wilson interval">{interval()}</span>}</Show>
          </div>
        )}
      </Show>
    </>
  );
}

const STEP_TITLES: Record<FunnelStepName, string> = { lead: 'leads', mql: 'leads that reached MQL', sql: 'leads that reached SQL', opportunity: 'leads converted to an opportunity', won: 'leads whose opportunity was won' };

function stepColumn(scope: FunnelScope, header: string, step: FunnelStepName, count: (row: FunnelSegment) => number, rate?: (row: FunnelSegment) => [number | null, number | null, number | null]): Column<FunnelSegment> {
  return {
    header, testId: `segment-${step}`, numeric: true,
    cell: (row) => <StepCell count={count(row)} href={segmentLeadsHref(scope, row, step)} title={`List the ${STEP_TITLES[step]} of ${row.segment}`} rate={rate?.(row)} />,
  };
}

/**
 * The period's funnel split by one dimension (procedure funnel.view, table segments), all leads
 * last: each step's count opens its leads, with the share of the previous step under it.
 */
export function SegmentTable(props: { segments: FunnelSegment[]; scope: FunnelScope; dimensionLabel: string }) {
  const columns = (): Column<FunnelSegment>[] => [
    { header: props.dimensionLabel, testId: 'segment-name', cell: (row) => row.segment },
    stepColumn(props.scope, 'Leads', 'lead', (row) => row.leads),
    stepColumn(props.scope, 'MQL (of leads)', 'mql', (row) => row.mqls, (row) => [row.mql_rate, row.mql_low, row.mql_high]),
    stepColumn(props.scope, 'SQL (of MQL)', 'sql', (row) => row.sqls, (row) => [row.sql_rate, row.sql_low, row.sql_high]),
    stepColumn(props.scope, 'Opportunities (of SQL)', 'opportunity', (row) => row.opportunities, (row) => [row.opportunity_rate, row.opportunity_low, row.opportunity_high]),
    stepColumn(props.scope, 'Won (of opportunities)', 'won', (row) => row.won, (row) => [row.won_rate, row.won_low, row.won_high]),
    {
      header: 'Lead → opportunity (95% CI)', testId: 'segment-conversion', numeric: true,
      cell: (row) => <RateWithInterval rate={row.conversion_rate} low={row.conversion_low} high={row.conversion_high} />,
    },
    {
      header: 'Lead → won (95% CI)', testId: 'segment-lead-to-won', numeric: true,
      cell: (row) => <RateWithInterval rate={row.lead_to_won_rate} low={row.lead_to_won_low} high={row.lead_to_won_high} />,
    },
  ];
  return (
    <DataTable
      caption={`Leads created in the period by ${props.dimensionLabel.toLowerCase()}, and the furthest step each reached by the as-of snapshot. Under each count, its share of the previous step (95% CI). Click a count or a row to list the leads.`}
      testId="segment-table"
      rowTestId="segment-row"
      columns={columns()}
      rows={props.segments}
      rowAttributes={(row) => ({ 'data-segment': row.segment, 'data-total': String(row.is_total) })}
      rowClass={(row) => (row.is_total ? 'total-row' : 'top-aligned')}
      rowHref={(row) => segmentLeadsHref(props.scope, row, 'lead')}
    />
  );
}
