import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import { formatDate, formatDays, formatMoney, formatNumber, NO_VALUE } from '../lib/format.ts';
import { recordHref } from '../lib/records-link.ts';
import type { LeadRecord, OpportunityRecord } from '../lib/view-reports.ts';
import type { SortableColumn } from './sortable-table.tsx';

/** The furthest funnel step a lead reached, as the funnel counts it (lead_records' reached_* flags). */
export function furthestStep(lead: LeadRecord): string {
  if (lead.reached_won) return 'Won';
  if (lead.reached_opportunity) return 'Opportunity';
  if (lead.reached_sql) return 'SQL';
  if (lead.reached_mql) return 'MQL';
  return 'Lead';
}

const text = (value: string | null | undefined) => (value ? value : NO_VALUE);

/** The columns of a list of leads; sortable ones name LEAD_SORT_COLUMNS (server/queries/records.ts). */
export function leadColumns(asOf: string): SortableColumn<LeadRecord>[] {
  return [
    { header: 'Lead', testId: 'record-id', sort: 'lead_id', cell: (lead) => <A href={recordHref('lead', lead.system, lead.lead_id, asOf)}>{lead.lead_id}</A> },
    { header: 'Created', testId: 'record-created', sort: 'created_at', firstDirection: 'desc', cell: (lead) => formatDate(lead.created_at) },
    { header: 'Person', testId: 'record-person', cell: (lead) => text(lead.person || lead.email) },
    { header: 'Company', testId: 'record-company', sort: 'company', cell: (lead) => text(lead.company) },
    { header: 'Source', testId: 'record-source', sort: 'source', cell: (lead) => lead.source },
    { header: 'Status', testId: 'record-status', sort: 'status', cell: (lead) => text(lead.status) },
    { header: 'Owner', testId: 'record-owner', sort: 'owner', cell: (lead) => text(lead.owner) },
    { header: 'Team', testId: 'record-team', cell: (lead) => lead.team },
    { header: 'Score', testId: 'record-score', sort: 'score', numeric: true, cell: (lead) => formatNumber(lead.score) },
    { header: 'Furthest step', testId: 'record-step', cell: furthestStep },
    {
      header: 'Opportunity', testId: 'record-opportunity',
      cell: (lead) => (
        <Show when={lead.converted_opportunity_id} fallback={NO_VALUE}>
          {(id) => <A href={recordHref('opportunity', lead.system, id(), asOf)}>{id()}</A>}
        </Show>
      ),
    },
    { header: 'Days to convert', testId: 'record-days-to-convert', sort: 'days_to_convert', numeric: true, cell: (lead) => formatDays(lead.days_to_convert) },
    { header: 'Last activity', testId: 'record-last-activity', sort: 'last_activity_at', firstDirection: 'desc', cell: (lead) => formatDate(lead.last_activity_at) },
  ];
}

/** The columns of a list of opportunities; sortable ones name OPPORTUNITY_SORT_COLUMNS. */
export function opportunityColumns(asOf: string): SortableColumn<OpportunityRecord>[] {
  return [
    { header: 'Opportunity', testId: 'record-id', sort: 'opportunity_id', cell: (deal) => <A href={recordHref('opportunity', deal.system, deal.opportunity_id, asOf)}>{deal.opportunity_id}</A> },
    { header: 'Name', testId: 'record-name', sort: 'name', cell: (deal) => text(deal.name) },
    { header: 'Account', testId: 'record-account', cell: (deal) => text(deal.account_name ?? deal.account_id) },
    { header: 'Created', testId: 'record-created', sort: 'created_at', firstDirection: 'desc', cell: (deal) => formatDate(deal.created_at) },
    // Sorting by stage follows the stages' order (prospecting first), not the alphabet.
    { header: 'Stage', testId: 'record-stage', sort: 'stage_order', cell: (deal) => deal.stage },
    { header: 'Amount', testId: 'record-amount', sort: 'amount', numeric: true, cell: (deal) => formatMoney(deal.amount) },
    { header: 'Close date', testId: 'record-close-date', sort: 'close_date', firstDirection: 'desc', cell: (deal) => formatDate(deal.close_date) },
    { header: 'Closed on', testId: 'record-closed-on', sort: 'closed_on', firstDirection: 'desc', cell: (deal) => formatDate(deal.closed_on) },
    { header: 'Owner', testId: 'record-owner', sort: 'owner', cell: (deal) => text(deal.owner) },
    { header: 'Source', testId: 'record-source', sort: 'source', cell: (deal) => deal.source },
    {
      header: 'Lead', testId: 'record-lead',
      cell: (deal) => (
        <Show when={deal.lead_id} fallback={NO_VALUE}>
          {(id) => <A href={recordHref('lead', deal.system, id(), asOf)}>{id()}</A>}
        </Show>
      ),
    },
    { header: 'Days to close', testId: 'record-days-to-close', sort: 'days_to_close', numeric: true, cell: (deal) => formatDays(deal.days_to_close) },
  ];
}
