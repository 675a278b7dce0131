/**
 * The drill-downs of the Funnel view: each figure's leads (or, for the period ratio, opportunities)
 * as a records link, with the snapshot, period and source the figure was computed for.
 */
import { recordsHref, type RecordsPaging, type WhereValue } from '../lib/records-link.ts';
import type { FunnelReport, FunnelSegment, FunnelStep } from '../lib/view-reports.ts';

/** What a funnel figure was computed for: the snapshot used, the period and the source filter. */
export interface FunnelScope {
  asOf: string;
  period: string;
  source: string | null;
}

/** The scope of a report: its snapshot, the period as asked (its days when the default applied), its source. */
export function funnelScope(report: FunnelReport, periodAsked: string | undefined): FunnelScope {
  return { asOf: report.as_of, period: periodAsked ?? report.period, source: report.filters.source };
}

export type FunnelStepName = FunnelStep['step'];

// A lead counts at a step when it reached it (lead_records' reached_* flags, as the marts count).
const STEP_WHERE: Record<FunnelStepName, Record<string, boolean>> = {
  lead: {},
  mql: { reached_mql: true },
  sql: { reached_sql: true },
  opportunity: { reached_opportunity: true },
  won: { reached_won: true },
};

function leadsHref(scope: FunnelScope, step: FunnelStepName, where: Record<string, WhereValue>, paging: RecordsPaging = {}): string {
  const source = scope.source === null ? {} : { source: scope.source };
  return recordsHref('lead', { asOf: scope.asOf, period: scope.period, periodOn: 'created_at' }, { ...source, ...where, ...STEP_WHERE[step] }, paging);
}

/** The period's leads that reached a step (the funnel chart's bars). */
export function stepLeadsHref(scope: FunnelScope, step: FunnelStepName): string {
  return leadsHref(scope, step, {});
}

/** The leads of one cohort month that reached a step (the cohort table's counts). */
export function cohortLeadsHref(scope: FunnelScope, cohortMonth: string, step: FunnelStepName): string {
  return leadsHref(scope, step, { cohort_month: cohortMonth });
}

/**
 * The converted leads of one cohort month, fastest first. No list filters on days to convert, so
 * this is the drill-down of a 30/60/90-day count: its first rows are the leads inside the window.
 */
export function cohortConvertedFastestFirstHref(scope: FunnelScope, cohortMonth: string): string {
  return leadsHref(scope, 'opportunity', { cohort_month: cohortMonth }, { sort: 'days_to_convert', direction: 'asc' });
}

// The lead_records column each split filters on (company_size is the same band, from the same function).
const SEGMENT_COLUMNS: Record<FunnelSegment['dimension'], string | undefined> = {
  source: 'source', owner: 'owner', team: 'team', industry: 'industry', country: 'country', company_size: 'company_size',
};

/** The leads of one segment that reached a step; the total row is the period's leads. */
export function segmentLeadsHref(scope: FunnelScope, segment: FunnelSegment, step: FunnelStepName): string | undefined {
  if (segment.is_total) return leadsHref(scope, step, {});
  const column = SEGMENT_COLUMNS[segment.dimension];
  return column ? leadsHref(scope, step, { [column]: segment.segment_value }) : undefined;
}

// A month of the period ratio is a period of its own; "(no date)" (period all) is the records with no creation date.
function monthFilters(scope: FunnelScope, month: string) {
  return month === '(no date)' ? { asOf: scope.asOf, period: 'all', periodOn: 'created_at' } : { asOf: scope.asOf, period: month, periodOn: 'created_at' };
}

/** The leads created in one month (the period ratio's denominator). */
export function monthLeadsHref(scope: FunnelScope, month: string): string {
  const source = scope.source === null ? {} : { source: scope.source };
  return recordsHref('lead', monthFilters(scope, month), { ...source, ...(month === '(no date)' ? { cohort_month: month } : {}) });
}

/** The opportunities created in one month, by attributed source (the period ratio's numerator). */
export function monthOpportunitiesHref(scope: FunnelScope, month: string): string {
  const source = scope.source === null ? {} : { source: scope.source };
  return recordsHref('opportunity', monthFilters(scope, month), { ...source, ...(month === '(no date)' ? { created_month: null } : {}) });
}

/** The opportunities created in the whole period (the period ratio's total numerator). */
export function periodOpportunitiesHref(scope: FunnelScope): string {
  return recordsHref('opportunity', { asOf: scope.asOf, period: scope.period, periodOn: 'created_at' }, scope.source === null ? {} : { source: scope.source });
}
