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
