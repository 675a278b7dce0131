/**
 * Row types of the marts the server reads (sql/marts/). Only marts are listed, so a query
 * against staging or intermediate models does not type-check.
 */

export interface SnapshotRow { as_of: string; systems: string; rows_loaded: number }
export interface LeadSourceRow { source: string }

export interface FunnelCohortRow {
  cohort_month: string; leads: number; mqls: number; sqls: number; opportunities: number; won: number;
  conversion_rate: number | null; conversion_low: number | null; conversion_high: number | null;
  lead_to_won_rate: number | null; lead_to_won_low: number | null; lead_to_won_high: number | null;
}

export interface FunnelStepRow {
  step_order: number; step: 'lead' | 'mql' | 'sql' | 'opportunity' | 'won'; records: number; previous_records: number | null;
  first_records: number; step_rate: number | null; step_low: number | null; step_high: number | null;
  cumulative_rate: number | null; cumulative_low: number | null; cumulative_high: number | null;
}

export interface WinRateBySourceRow {
  source: string; is_total: boolean; won: number; lost: number; closed: number; won_amount: number; lost_amount: number;
  win_rate: number | null; win_rate_low: number | null; win_rate_high: number | null; win_rate_by_amount: number | null;
}

/** Marts that are views; the rest are table macros called with bound parameters (sql/DECISIONS.md). */
export interface Marts {
  snapshots: SnapshotRow;
  lead_sources: LeadSourceRow;
  load_history: LoadHistoryRow;
  record_counts: RecordCountRow;
  load_rejects: LoadRejectRow;
}

export interface LoadHistoryRow {
  batch_id: number; system: string; crm: string; as_of: string; status: string; rows_loaded: number; rows_rejected: number;
  records_created: number; records_changed: number; records_deleted: number; started_at: string; seconds: number; files: string;
}
export interface RecordCountRow { system: string; table_name: string; current_records: number; versions: number }
export interface FreshnessRow { system: string; crm: string; snapshots: number; first_as_of: string; latest_as_of: string; days_since_latest: number }
export interface LoadRejectRow { batch_id: number; system: string; as_of: string; file: string; row_number: number | null; column_name: string | null; value: string | null; problem: string }
export interface DataCheckRow { system: string; check_name: string; description: string; records: number }

export interface LeadRecordRow {
  system: string; lead_id: string; created_at: string | null; cohort_month: string; source: string; campaign_id: string | null;
  status: string | null; raw_status: string | null; owner: string | null; team: string; person: string; company: string | null;
  email: string | null; industry: string | null; country: string | null; employees: number | null; score: number | null;
  is_converted: boolean; converted_at: string | null; converted_opportunity_id: string | null;
  reached_mql: boolean; reached_sql: boolean; reached_opportunity: boolean; reached_won: boolean;
  days_to_convert: number | null; last_activity_at: string | null;
}

export interface OpportunityRecordRow {
  system: string; opportunity_id: string; name: string | null; created_at: string | null; created_month: string | null;
  account_id: string | null; account_name: string | null; industry: string | null; country: string | null; employees: number | null;
  owner: string | null; team: string; type: string | null; amount: number | null; stage: string; stage_order: number; raw_stage: string | null;
  win_probability: number | null; forecast_probability: number | null; forecast_category: string | null; forecast_category_or_stage: string | null;
  close_date: string | null; closed_on: string | null;
  is_open: boolean; is_won: boolean; is_lost: boolean; source: string; lead_id: string | null; campaign_id: string | null;
  days_to_close: number | null; last_activity_at: string | null; lost_reason: string | null;
}

export interface RecordVersionRow {
  valid_from: string; valid_to: string | null; state: string | null; amount: number | null; close_date: string | null;
  owner: string | null; probability: number | null; forecast_category: string | null; score: number | null;
}

export interface ForecastSummaryRow {
  closed_won_deals: number; closed_won: number; open_deals: number; open_pipeline: number; weighted_open: number; weighted_pipeline: number;
  category_closed: number; category_commit: number; category_best_case: number; category_pipeline_alone: number; category_omitted: number;
  deals_at_zero_probability: number; target: number | null; coverage_status: 'no target' | 'target met' | 'open'; coverage: number | null;
}
export interface ForecastTrendRow {
  snapshot_date: string; closed_won: number; open_pipeline: number; weighted_pipeline: number; category_commit: number; category_best_case: number;
}
