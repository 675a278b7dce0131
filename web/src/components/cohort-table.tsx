import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import { formatCount } from '../lib/format.ts';
import type { FunnelCohort } from '../lib/view-reports.ts';
import { DataTable, type Column } from './data-table.tsx';
import { RateWithInterval } from './rate-with-interval.tsx';

function countColumn(header: string, testId: string, count: (cohort: FunnelCohort) => number): Column<FunnelCohort> {
  return { header, testId, numeric: true, cell: (cohort) => formatCount(count(cohort)) };
}

/** The funnel by cohort month (procedure funnel.view, table cohorts); a row drills into its month. */
export function CohortTable(props: { cohorts: FunnelCohort[]; cohortHref: (month: string) => string | undefined }) {
  const columns: Column<FunnelCohort>[] = [
    {
      header: 'Cohort month', testId: 'cohort-month',
      cell: (cohort) => (
        <Show when={props.cohortHref(cohort.cohort_month)} fallback={cohort.cohort_month}>
          {(href) => <A href={href()}>{cohort.cohort_month}</A>}
        </Show>
      ),
    },
    countColumn('Leads', 'cohort-leads', (cohort) => cohort.leads),
    countColumn('MQL', 'cohort-mqls', (cohort) => cohort.mqls),
    countColumn('SQL', 'cohort-sqls', (cohort) => cohort.sqls),
    countColumn('Opportunities', 'cohort-opportunities', (cohort) => cohort.opportunities),
    countColumn('Won', 'cohort-won', (cohort) => cohort.won),
    {
      header: 'Lead → opportunity (95% CI)', testId: 'cohort-conversion', numeric: true,
      cell: (cohort) => <RateWithInterval rate={cohort.conversion_rate} low={cohort.conversion_low} high={cohort.conversion_high} />,
    },
    {
      header: 'Lead → won (95% CI)', testId: 'cohort-lead-to-won', numeric: true,
      cell: (cohort) => <RateWithInterval rate={cohort.lead_to_won_rate} low={cohort.lead_to_won_low} high={cohort.lead_to_won_high} />,
    },
  ];
  return (
    <DataTable
      caption="By cohort month (month the lead was created). Click a month to see that cohort alone."
      testId="cohort-table"
      rowTestId="cohort-row"
      columns={columns}
      rows={props.cohorts}
      rowAttributes={(cohort) => ({ 'data-cohort': cohort.cohort_month })}
      rowHref={(cohort) => props.cohortHref(cohort.cohort_month)}
    />
  );
}
