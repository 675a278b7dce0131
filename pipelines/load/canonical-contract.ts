/**
 * The canonical CSV contract of DESIGN section 3, as data: each file, its key, and each
 * column's type. Loading, validation and the warehouse schema are all derived from it.
 */

export type ColumnType =
  | 'text' | 'timestamp' | 'date' | 'boolean' | 'integer' | 'money' | 'number' | 'percentage' | 'month' | 'quarter'
  | { oneOf: readonly string[] };

export interface ColumnSpec { name: string; type: ColumnType; required?: boolean; defaultFrom?: string }

export interface EntitySpec {
  /** Warehouse table holding every version of the entity (valid_from / valid_to). */
  table: string;
  file: string;
  /** Columns that identify a record within a system. */
  key: string[];
  /** A snapshot must include this file (a header alone is allowed). */
  requiredFile: boolean;
  columns: ColumnSpec[];
}

export const LEAD_STATUSES = ['new', 'working', 'nurturing', 'qualified', 'disqualified', 'converted'] as const;
export const OPPORTUNITY_STAGES = [
  'prospecting', 'qualification', 'needs_analysis', 'value_proposition', 'decision_makers',
  'perception_analysis', 'proposal', 'negotiation', 'closed_won', 'closed_lost',
] as const;
export const FORECAST_CATEGORIES = ['pipeline', 'best_case', 'commit', 'closed', 'omitted'] as const;
export const OPPORTUNITY_TYPES = ['new', 'expansion', 'renewal'] as const;

const text = (name: string): ColumnSpec => ({ name, type: 'text' });
const bool = (name: string): ColumnSpec => ({ name, type: 'boolean' });
const timestamp = (name: string): ColumnSpec => ({ name, type: 'timestamp' });

export const ENTITIES: EntitySpec[] = [
  {
    table: 'leads', file: 'leads.csv', key: ['lead_id'], requiredFile: true,
    columns: [
      { name: 'lead_id', type: 'text', required: true }, timestamp('created_at'), text('source'), text('campaign_id'),
      { name: 'status', type: { oneOf: LEAD_STATUSES } }, { name: 'raw_status', type: 'text', defaultFrom: 'status' },
      text('owner'), text('first_name'), text('last_name'), text('company'), text('email'), text('phone'),
      text('industry'), text('country'), { name: 'employees', type: 'integer' },
      bool('budget_confirmed'), bool('authority_confirmed'), bool('need_confirmed'), bool('timeline_confirmed'),
      { name: 'budget_amount', type: 'money' }, { name: 'expected_decision_date', type: 'date' },
      { name: 'score', type: 'number' }, { name: 'activity_count', type: 'integer' }, timestamp('last_activity_at'),
      bool('is_converted'), timestamp('converted_at'), text('converted_opportunity_id'),
      text('converted_account_id'), text('converted_contact_id'),
    ],
  },
  {
    table: 'opportunities', file: 'opportunities.csv', key: ['opportunity_id'], requiredFile: true,
    columns: [
      { name: 'opportunity_id', type: 'text', required: true }, timestamp('created_at'), text('account_id'),
      text('contact_id'), text('owner'), text('name'), { name: 'type', type: { oneOf: OPPORTUNITY_TYPES } },
      { name: 'amount', type: 'money' }, text('product'),
      { name: 'stage', type: { oneOf: OPPORTUNITY_STAGES }, required: true },
      { name: 'raw_stage', type: 'text', defaultFrom: 'stage' }, { name: 'probability', type: 'percentage' },
      { name: 'forecast_category', type: { oneOf: FORECAST_CATEGORIES } }, { name: 'close_date', type: 'date' },
      bool('is_closed'), bool('is_won'), timestamp('closed_at'), text('source'), text('campaign_id'), text('lead_id'),
      bool('decision_maker_identified'), bool('budget_confirmed'), text('next_step'), timestamp('last_activity_at'),
      text('lost_reason'),
    ],
  },
  {
    table: 'accounts', file: 'accounts.csv', key: ['account_id'], requiredFile: false,
    columns: [{ name: 'account_id', type: 'text', required: true }, text('name'), text('industry'), text('country'), { name: 'employees', type: 'integer' }],
  },
  {
    table: 'contacts', file: 'contacts.csv', key: ['contact_id'], requiredFile: false,
    columns: [{ name: 'contact_id', type: 'text', required: true }, text('account_id'), text('first_name'), text('last_name'), text('email'), text('phone')],
  },
  {
    table: 'owners', file: 'owners.csv', key: ['owner'], requiredFile: false,
    columns: [{ name: 'owner', type: 'text', required: true }, text('team')],
  },
  {
    table: 'campaigns', file: 'campaigns.csv', key: ['campaign_id'], requiredFile: false,
    columns: [
      { name: 'campaign_id', type: 'text', required: true }, text('name'), text('source'),
      { name: 'started_on', type: 'date' }, { name: 'ended_on', type: 'date' }, { name: 'cost', type: 'money' },
    ],
  },
  {
    table: 'source_costs', file: 'source_costs.csv', key: ['source', 'month'], requiredFile: false,
    columns: [{ name: 'source', type: 'text', required: true }, { name: 'month', type: 'month', required: true }, { name: 'cost', type: 'money' }],
  },
  {
    // a CRM's own stage history (Salesforce OpportunityHistory, HubSpot deal stage history): more
    // precise than history derived from snapshots, and preferred where both exist
    table: 'opportunity_stage_history', file: 'opportunity_stage_history.csv', key: ['opportunity_id', 'changed_at', 'stage'], requiredFile: false,
    columns: [
      { name: 'opportunity_id', type: 'text', required: true }, { name: 'changed_at', type: 'timestamp', required: true },
      { name: 'stage', type: { oneOf: OPPORTUNITY_STAGES }, required: true }, { name: 'raw_stage', type: 'text', defaultFrom: 'stage' },
      { name: 'amount', type: 'money' }, { name: 'probability', type: 'percentage' }, { name: 'close_date', type: 'date' },
      { name: 'forecast_category', type: { oneOf: FORECAST_CATEGORIES } },
    ],
  },
  {
    table: 'targets', file: 'targets.csv', key: ['period', 'owner', 'team'], requiredFile: false,
    columns: [{ name: 'period', type: 'quarter', required: true }, text('owner'), text('team'), { name: 'amount', type: 'money' }],
  },
];

/** The DuckDB type a canonical column is stored as. */
export function sqlType(type: ColumnType): string {
  if (typeof type === 'object') return 'VARCHAR';
  return {
    text: 'VARCHAR', timestamp: 'TIMESTAMP', date: 'DATE', boolean: 'BOOLEAN', integer: 'BIGINT',
    money: 'DECIMAL(18,2)', number: 'DOUBLE', percentage: 'DOUBLE', month: 'VARCHAR', quarter: 'VARCHAR',
  }[type];
}
