import { A } from '@solidjs/router';
import { For, Show, type JSX } from 'solid-js';
import { formatCount, formatDate, formatDays, formatMoney, formatNumber, formatPercent, formatTimestamp, NO_VALUE } from '../lib/format.ts';
import { recordHref } from '../lib/records-link.ts';
import type { LeadRecord, OpportunityRecord } from '../lib/view-reports.ts';
import { furthestStep } from './record-columns.tsx';

/** One labelled value of a record. */
interface Attribute {
  label: string;
  testId: string;
  value: JSX.Element;
}

const text = (value: string | null | undefined) => (value ? value : NO_VALUE);
const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/** A group of attributes under a heading, as a definition list. */
function AttributeGroup(props: { title: string; attributes: Attribute[] }) {
  return (
    <section class="card" aria-label={props.title}>
      <h2>{props.title}</h2>
      <dl style={{ display: 'grid', 'grid-template-columns': 'max-content 1fr', gap: '0.3rem 1.25rem', margin: 0 }}>
        <For each={props.attributes}>
          {(attribute) => (
            <>
              <dt style={{ color: 'var(--ink-soft)' }}>{attribute.label}</dt>
              <dd style={{ margin: 0 }} data-testid={attribute.testId}>{attribute.value}</dd>
            </>
          )}
        </For>
      </dl>
    </section>
  );
}

function RecordLink(props: { kind: 'lead' | 'opportunity'; system: string; id: string | null; asOf: string }) {
  return (
    <Show when={props.id} fallback={NO_VALUE}>
      {(id) => <A href={recordHref(props.kind, props.system, id(), props.asOf)}>{id()}</A>}
    </Show>
  );
}

// The CRM's own value beside the canonical one when they differ (a mapped stage or status).
function withRaw(canonical: string | null, raw: string | null): string {
  return raw && raw !== canonical ? `${text(canonical)} (CRM: ${raw})` : text(canonical);
}

/** An opportunity's attributes as of the snapshot (procedure records.detail, row record). */
export function OpportunityAttributes(props: { deal: OpportunityRecord; asOf: string }) {
  const deal = () => props.deal;
  return (
    <div class="figure-grid" data-testid="record-attributes">
      <AttributeGroup title="Deal" attributes={[
        { label: 'Name', testId: 'attr-name', value: text(deal().name) },
        { label: 'Type', testId: 'attr-type', value: text(deal().type) },
        { label: 'Stage', testId: 'attr-stage', value: withRaw(deal().stage, deal().raw_stage) },
        { label: 'Amount', testId: 'attr-amount', value: formatMoney(deal().amount) },
        { label: 'Probability', testId: 'attr-probability', value: formatPercent(deal().win_probability) },
        { label: 'Forecast category', testId: 'attr-forecast-category', value: text(deal().forecast_category) },
        ...(deal().is_lost ? [{ label: 'Lost reason', testId: 'attr-lost-reason', value: text(deal().lost_reason) }] : []),
      ]} />
      <AttributeGroup title="Dates" attributes={[
        { label: 'Created', testId: 'attr-created', value: formatTimestamp(deal().created_at) },
        { label: 'Close date', testId: 'attr-close-date', value: formatDate(deal().close_date) },
        { label: 'Closed on', testId: 'attr-closed-on', value: formatDate(deal().closed_on) },
        { label: 'Days to close', testId: 'attr-days-to-close', value: formatDays(deal().days_to_close) },
        { label: 'Last activity', testId: 'attr-last-activity', value: formatTimestamp(deal().last_activity_at) },
      ]} />
      <AttributeGroup title="Account and owner" attributes={[
        { label: 'Account', testId: 'attr-account', value: deal().account_name ? `${deal().account_name} (${deal().account_id})` : text(deal().account_id) },
        { label: 'Industry', testId: 'attr-industry', value: text(deal().industry) },
        { label: 'Country', testId: 'attr-country', value: text(deal().country) },
        { label: 'Employees', testId: 'attr-employees', value: formatCount(deal().employees) },
        { label: 'Owner', testId: 'attr-owner', value: text(deal().owner) },
        { label: 'Team', testId: 'attr-team', value: deal().team },
      ]} />
      <AttributeGroup title="Origin" attributes={[
        { label: 'Source', testId: 'attr-source', value: deal().source },
        { label: 'Campaign', testId: 'attr-campaign', value: text(deal().campaign_id) },
        { label: 'Lead', testId: 'attr-lead', value: <RecordLink kind="lead" system={deal().system} id={deal().lead_id} asOf={props.asOf} /> },
      ]} />
    </div>
  );
}

/** A lead's attributes as of the snapshot (procedure records.detail, row record). */
export function LeadAttributes(props: { lead: LeadRecord; asOf: string }) {
  const lead = () => props.lead;
  return (
    <div class="figure-grid" data-testid="record-attributes">
      <AttributeGroup title="Person and company" attributes={[
        { label: 'Person', testId: 'attr-person', value: text(lead().person) },
        { label: 'Email', testId: 'attr-email', value: text(lead().email) },
        { label: 'Company', testId: 'attr-company', value: text(lead().company) },
        { label: 'Industry', testId: 'attr-industry', value: text(lead().industry) },
        { label: 'Country', testId: 'attr-country', value: text(lead().country) },
        { label: 'Employees', testId: 'attr-employees', value: formatCount(lead().employees) },
      ]} />
      <AttributeGroup title="Origin" attributes={[
        { label: 'Source', testId: 'attr-source', value: lead().source },
        { label: 'Campaign', testId: 'attr-campaign', value: text(lead().campaign_id) },
        { label: 'Created', testId: 'attr-created', value: formatTimestamp(lead().created_at) },
        { label: 'Cohort', testId: 'attr-cohort', value: lead().cohort_month },
      ]} />
      <AttributeGroup title="Status and owner" attributes={[
        { label: 'Status', testId: 'attr-status', value: withRaw(lead().status, lead().raw_status) },
        { label: 'Furthest funnel step', testId: 'attr-step', value: furthestStep(lead()) },
        { label: 'Score', testId: 'attr-score', value: formatNumber(lead().score) },
        { label: 'Owner', testId: 'attr-owner', value: text(lead().owner) },
        { label: 'Team', testId: 'attr-team', value: lead().team },
        { label: 'Last activity', testId: 'attr-last-activity', value: formatTimestamp(lead().last_activity_at) },
      ]} />
      <AttributeGroup title="Conversion" attributes={[
        { label: 'Converted', testId: 'attr-converted', value: yesNo(lead().is_converted) },
        { label: 'Converted at', testId: 'attr-converted-at', value: formatTimestamp(lead().converted_at) },
        { label: 'Opportunity', testId: 'attr-opportunity', value: <RecordLink kind="opportunity" system={lead().system} id={lead().converted_opportunity_id} asOf={props.asOf} /> },
        { label: 'Days to convert', testId: 'attr-days-to-convert', value: formatDays(lead().days_to_convert) },
      ]} />
    </div>
  );
}
