import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import { formatCount, formatRatio } from '../lib/format.ts';
import type { FunnelCohort, FunnelPeriodRatio } from '../lib/view-reports.ts';
import { DataTable, type Column } from './data-table.tsx';
import { cohortLeadsHref, monthLeadsHref, monthOpportunitiesHref, type FunnelScope, type FunnelStepName } from './funnel-record-links.ts';
import { RateWithInterval } from './rate-with-interval.tsx';

/** A count that opens the records behind it. */
export function CountLink(props: { count: number; href: string | undefined; title: string }) {
  return (
    <Show when={props.href} fallback={formatCount(props.count)}>
      {(href) => <A href={href()} class="count-link" title={props.title}>{formatCount(props.count)}</A>}
    </Show>
  );
}

const STEP_NOUNS: Record<FunnelStepName, string> = { lead: 'leads', mql: 'leads that reached MQL', sql: 'leads that reached SQL', opportunity: 'leads converted to an opportunity', won: 'leads whose opportunity was won' };

function countColumn(scope: FunnelScope, header: string, testId: string, step: FunnelStepName, count: (cohort: FunnelCohort) => number): Column<FunnelCohort> {
  return {
    header, testId, numeric: true,
    cell: (cohort) => <CountLink count={count(cohort)} href={cohortLeadsHref(scope, cohort.cohort_month, step)} title={`List the ${STEP_NOUNS[step]} of cohort ${cohort.cohort_month}`} />,
  };
}

/** The period ratio of a cohort's month: opportunities created ÷ leads created, each count a link to its records. */
function PeriodRatioCell(props: { ratio: FunnelPeriodRatio | undefined; scope: FunnelScope }) {
  return (
    <Show when={props.ratio} fallback="—">
      {(ratio) => (
        <>
          <span class="rate">{formatRatio(ratio().period_ratio)}</span>
          <span class="interval" title="opportunities created ÷ leads created in the month">
            <A href={monthOpportunitiesHref(props.scope, ratio().month)} title={`List the opportunities created in ${ratio().month}`}>{formatCount(ratio().opportunities_created)}</A>
            {' ÷ '}
            <A href={monthLeadsHref(props.scope, ratio().month)} title={`List the leads created in ${ratio().month}`}>{formatCount(ratio().leads_created)}</A>
          </span>
        </>
      )}
    </Show>
  );
}

/**
 * The funnel by cohort month (procedure funnel.view, tables cohorts and period_ratio). Each count
 * opens its leads; the rest of a row drills the view into its month.
 */
export function CohortTable(props: { cohorts: FunnelCohort[]; periodRatio: FunnelPeriodRatio[]; scope: FunnelScope; cohortHref: (month: string) => string | undefined }) {
  const ratioOf = (month: string) => props.periodRatio.find((row) => !row.is_total && row.month === month);
  const columns: Column<FunnelCohort>[] = [
    {
      header: 'Cohort month', testId: 'cohort-month',
      cell: (cohort) => (
        <Show when={props.cohortHref(cohort.cohort_month)} fallback={cohort.cohort_month}>
          {(href) => <A href={href()}>{cohort.cohort_month}</A>}
        </Show>
      ),
    },
    countColumn(props.scope, 'Leads', 'cohort-leads', 'lead', (cohort) => cohort.leads),
    countColumn(props.scope, 'MQL', 'cohort-mqls', 'mql', (cohort) => cohort.mqls),
    countColumn(props.scope, 'SQL', 'cohort-sqls', 'sql', (cohort) => cohort.sqls),
    countColumn(props.scope, 'Opportunities', 'cohort-opportunities', 'opportunity', (cohort) => cohort.opportunities),
    countColumn(props.scope, 'Won', 'cohort-won', 'won', (cohort) => cohort.won),
    {
      header: 'Lead → opportunity (95% CI)', testId: 'cohort-conversion', numeric: true,
      cell: (cohort) => <RateWithInterval rate={cohort.conversion_rate} low={cohort.conversion_low} high={cohort.conversion_high} />,
    },
    {
      header: 'Period ratio (opps ÷ leads)', testId: 'cohort-period-ratio', numeric: true,
      cell: (cohort) => <PeriodRatioCell ratio={ratioOf(cohort.cohort_month)} scope={props.scope} />,
    },
    {
      header: 'Lead → won (95% CI)', testId: 'cohort-lead-to-won', numeric: true,
      cell: (cohort) => <RateWithInterval rate={cohort.lead_to_won_rate} low={cohort.lead_to_won_low} high={cohort.lead_to_won_high} />,
    },
  ];
  return (
    <DataTable
      caption="By cohort month (month the lead was created). Click a count to list its leads, a month to see that cohort alone. Period ratio: opportunities created ÷ leads created in the month — not a conversion rate: those opportunities need not come from those leads."
      testId="cohort-table"
      rowTestId="cohort-row"
      columns={columns}
      rows={props.cohorts}
      rowAttributes={(cohort) => ({ 'data-cohort': cohort.cohort_month })}
      rowHref={(cohort) => props.cohortHref(cohort.cohort_month)}
    />
  );
}
