import { recordsHref as recordsPageHref } from '../lib/records-link.ts';
import type { CampaignRoi, SourceRoi } from '../lib/view-reports.ts';

/** The snapshot and period a report was computed for (its resolved as_of and period), so a drill-down lists the same records. */
export interface ReportScope { asOf: string; period: string }

/** The Records view for the scope, counted by `periodOn`, filtered on columns of lead_records / opportunity_records. */
function recordsHref(kind: 'lead' | 'opportunity', scope: ReportScope, periodOn: 'created_at' | 'closed_on', where: Record<string, string | boolean>): string {
  return recordsPageHref(kind, { asOf: scope.asOf, period: scope.period, periodOn }, where);
}

// The sources' total row stands for every source: its records are the unfiltered ones. The
// campaigns' total counts only records with a campaign, which no single filter lists: no link.
const sourceWhere = (row: SourceRoi): Record<string, string> => (row.is_total ? {} : { source: row.source });
const campaignWhere = (row: CampaignRoi) => ({ system: row.system, campaign_id: row.campaign_id });

/** The leads a source's cohort counts: created in the period, by the lead's source. */
export const sourceLeadsHref = (scope: ReportScope, row: SourceRoi) => recordsHref('lead', scope, 'created_at', sourceWhere(row));
/** The opportunities a source created in the period, by attributed source. */
export const sourceOpportunitiesHref = (scope: ReportScope, row: SourceRoi) => recordsHref('opportunity', scope, 'created_at', sourceWhere(row));
/** The deals a source won in the period (closed on a day of it). */
export const sourceWonHref = (scope: ReportScope, row: SourceRoi) => recordsHref('opportunity', scope, 'closed_on', { ...sourceWhere(row), is_won: true });

/** The same three for a campaign (none for the total). */
export const campaignLeadsHref = (scope: ReportScope, row: CampaignRoi) =>
  (row.is_total ? undefined : recordsHref('lead', scope, 'created_at', campaignWhere(row)));
export const campaignOpportunitiesHref = (scope: ReportScope, row: CampaignRoi) =>
  (row.is_total ? undefined : recordsHref('opportunity', scope, 'created_at', campaignWhere(row)));
export const campaignWonHref = (scope: ReportScope, row: CampaignRoi) =>
  (row.is_total ? undefined : recordsHref('opportunity', scope, 'closed_on', { ...campaignWhere(row), is_won: true }));
