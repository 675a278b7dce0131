import { Show } from 'solid-js';
import { formatCount } from '../lib/format.ts';
import type { FunnelCohort } from '../lib/view-reports.ts';
import { CountLink } from './cohort-table.tsx';
import { DataTable, type Column } from './data-table.tsx';
import { cohortConvertedFastestFirstHref, cohortLeadsHref, type FunnelScope } from './funnel-record-links.ts';
import { RateWithInterval } from './rate-with-interval.tsx';

type WindowDays = 30 | 60 | 90;

function windowOf(cohort: FunnelCohort, days: WindowDays) {
  switch (days) {
    case 30: return { count: cohort.converted_30d, rate: cohort.conversion_30d_rate, low: cohort.conversion_30d_low, high: cohort.conversion_30d_high };
    case 60: return { count: cohort.converted_60d, rate: cohort.conversion_60d_rate, low: cohort.conversion_60d_low, high: cohort.conversion_60d_high };
    case 90: return { count: cohort.converted_90d, rate: cohort.conversion_90d_rate, low: cohort.conversion_90d_low, high: cohort.conversion_90d_high };
  }
}

function windowColumn(scope: FunnelScope, days: WindowDays): Column<FunnelCohort> {
  return {
    header: `Within ${days} days (95% CI)`, testId: `cohort-within-${days}`, numeric: true,
    cell: (cohort) => (
      <Show when={windowOf(cohort, days).count !== null && windowOf(cohort, days).count !== undefined} fallback={<span class="muted" title={`Some leads of this cohort have not had ${days} days yet by the as-of date`}>too young</span>}>
        <CountLink count={windowOf(cohort, days).count ?? 0} href={cohortConvertedFastestFirstHref(scope, cohort.cohort_month)} title={`The cohort's converted leads, fastest first: the first ${formatCount(windowOf(cohort, days).count)} converted within ${days} days`} />
        {' '}
        <RateWithInterval rate={windowOf(cohort, days).rate ?? null} low={windowOf(cohort, days).low} high={windowOf(cohort, days).high} />
      </Show>
    ),
  };
}

/**
 * Conversion within 30, 60 and 90 days of creation by cohort month (procedure funnel.view, table
 * cohorts), beside conversion by the as-of date: a window shows only once every lead of the cohort
 * has had its days, so young cohorts are not understated.
 */
export function CohortWindowsTable(props: { cohorts: FunnelCohort[]; scope: FunnelScope; cohortHref: (month: string) => string | undefined }) {
  const columns: Column<FunnelCohort>[] = [
    { header: 'Cohort month', testId: 'window-month', cell: (cohort) => cohort.cohort_month },
    { header: 'Leads', testId: 'window-leads', numeric: true, cell: (cohort) => <CountLink count={cohort.leads} href={cohortLeadsHref(props.scope, cohort.cohort_month, 'lead')} title={`List the leads of cohort ${cohort.cohort_month}`} /> },
    windowColumn(props.scope, 30),
    windowColumn(props.scope, 60),
    windowColumn(props.scope, 90),
    {
      header: 'By the as-of date (95% CI)', testId: 'window-as-of', numeric: true,
      cell: (cohort) => (
        <>
          <CountLink count={cohort.opportunities} href={cohortLeadsHref(props.scope, cohort.cohort_month, 'opportunity')} title={`List the converted leads of cohort ${cohort.cohort_month}`} />
          {' '}
          <RateWithInterval rate={cohort.conversion_rate} low={cohort.conversion_low} high={cohort.conversion_high} />
        </>
      ),
    },
    { header: 'Converted, date unknown', testId: 'window-undated', numeric: true, cell: (cohort) => formatCount(cohort.converted_undated) },
  ];
  return (
    <DataTable
      caption="Lead → opportunity within 30, 60 and 90 days of the lead's creation, so cohorts of different ages compare fairly. A window shows once every lead of the cohort has had its days by the as-of date; a lead converted with no conversion date counts by the as-of date but in no window."
      testId="cohort-windows-table"
      rowTestId="cohort-window-row"
      columns={columns}
      rows={props.cohorts}
      rowAttributes={(cohort) => ({ 'data-cohort': cohort.cohort_month })}
      rowHref={(cohort) => props.cohortHref(cohort.cohort_month)}
    />
  );
}
