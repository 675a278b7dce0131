// The canonical CSV format of DESIGN section 3: exact column names and order, and one function
// per file that turns a record's state into its row.
import { formatDay, formatTimestamp } from './calendar.ts';
import type {
  Account, AccountState, Campaign, Contact, ContactState, Lead, LeadState, Opportunity, OpportunityState,
  Ref, SourceCost, Target,
} from './records.ts';

export const LEAD_COLUMNS = [
  'lead_id', 'created_at', 'source', 'campaign_id', 'status', 'raw_status', 'owner', 'first_name', 'last_name',
  'company', 'email', 'phone', 'industry', 'country', 'employees', 'budget_confirmed', 'authority_confirmed',
  'need_confirmed', 'timeline_confirmed', 'budget_amount', 'expected_decision_date', 'score', 'activity_count',
  'last_activity_at', 'is_converted', 'converted_at', 'converted_opportunity_id', 'converted_account_id',
  'converted_contact_id',
] as const;

export const OPPORTUNITY_COLUMNS = [
  'opportunity_id', 'created_at', 'account_id', 'contact_id', 'owner', 'name', 'type', 'amount', 'product',
  'stage', 'raw_stage', 'probability', 'forecast_category', 'close_date', 'is_closed', 'is_won', 'closed_at',
  'source', 'campaign_id', 'lead_id', 'decision_maker_identified', 'budget_confirmed', 'next_step',
  'last_activity_at', 'lost_reason',
] as const;

export const ACCOUNT_COLUMNS = ['account_id', 'name', 'industry', 'country', 'employees'] as const;
export const CONTACT_COLUMNS = ['contact_id', 'account_id', 'first_name', 'last_name', 'email', 'phone'] as const;
export const OWNER_COLUMNS = ['owner', 'team'] as const;
export const CAMPAIGN_COLUMNS = ['campaign_id', 'name', 'source', 'started_on', 'ended_on', 'cost'] as const;
export const SOURCE_COST_COLUMNS = ['source', 'month', 'cost'] as const;
export const TARGET_COLUMNS = ['period', 'owner', 'team', 'amount'] as const;

/** RFC 4180: quote a value holding a comma, quote or line break, doubling inner quotes. */
export function cell(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function flag(value: boolean | null): string {
  return value === null ? '' : value ? 'true' : 'false';
}

/** Integer cents as dollars with two decimals and no separators. */
export function money(cents: number | null): string {
  if (cents === null) return '';
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function timestamp(time: number | null): string {
  return time === null ? '' : formatTimestamp(time);
}

function day(time: number | null): string {
  return time === null ? '' : formatDay(time);
}

function id(ref: Ref | null): string {
  return ref === null ? '' : ref.id;
}

export function leadRow(lead: Lead, s: LeadState): string {
  return [
    lead.id, timestamp(lead.createdAt), cell(s.source), id(s.campaign), s.status, cell(s.rawStatus), cell(s.owner),
    cell(s.firstName), cell(s.lastName), cell(s.company), cell(s.email), cell(s.phone), cell(s.industry),
    cell(s.country), String(s.employees), flag(s.budgetConfirmed), flag(s.authorityConfirmed), flag(s.needConfirmed),
    flag(s.timelineConfirmed), money(s.budgetAmount), day(s.expectedDecisionDate), String(s.score),
    String(s.activityCount), timestamp(s.lastActivityAt), flag(s.isConverted), timestamp(s.convertedAt),
    id(s.convertedOpportunity), id(s.convertedAccount), id(s.convertedContact),
  ].join(',');
}

export function opportunityRow(opportunity: Opportunity, s: OpportunityState): string {
  return [
    opportunity.id, timestamp(opportunity.createdAt), id(s.account), id(s.contact), cell(s.owner), cell(s.name), s.type,
    money(s.amount), cell(s.product), s.stage, cell(s.rawStage), String(s.probability), s.forecastCategory,
    day(s.closeDate), flag(s.isClosed), flag(s.isWon), timestamp(s.closedAt), cell(s.source), id(s.campaign),
    id(s.lead), flag(s.decisionMakerIdentified), flag(s.budgetConfirmed), cell(s.nextStep),
    timestamp(s.lastActivityAt), cell(s.lostReason),
  ].join(',');
}

export function accountRow(account: Account, s: AccountState): string {
  return [account.id, cell(s.name), cell(s.industry), cell(s.country), String(s.employees)].join(',');
}

export function contactRow(contact: Contact, s: ContactState): string {
  return [contact.id, id(s.account), cell(s.firstName), cell(s.lastName), cell(s.email), cell(s.phone)].join(',');
}

export function campaignRow(campaign: Campaign): string {
  return [campaign.id, cell(campaign.name), campaign.source, day(campaign.startedOn), day(campaign.endedOn), money(campaign.costCents)].join(',');
}

export function sourceCostRow(cost: SourceCost): string {
  return [cost.source, cost.month, money(cost.costCents)].join(',');
}

export function targetRow(target: Target): string {
  return [target.period, cell(target.owner), cell(target.team), money(target.amountCents)].join(',');
}

export function header(columns: readonly string[]): string {
  return columns.join(',');
}
