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
  email: string | null; industry: string | null; country: string | null; employees: number | null; company_size: string; score: number | null;
  exit_state: 'converted' | 'disqualified' | 'open'; has_exited: boolean; is_converted: boolean; converted_at: string | null; converted_opportunity_id: string | null;
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
  deals_at_zero_probability: number; target: number | null; remaining_to_target: number | null; coverage_status: 'no target' | 'target met' | 'open'; coverage: number | null;
}
export interface ForecastTrendRow {
  snapshot_date: string; closed_won: number; open_pipeline: number; weighted_pipeline: number; category_commit: number; category_best_case: number;
}

/** A waterfall step of pipeline movement (sql/marts/pipeline_waterfall.sql), in waterfall order. */
export type PipelineStep = 'start' | 'created' | 'pulled_in' | 'increased' | 'decreased' | 'won' | 'lost' | 'pushed_out' | 'other_in' | 'other_out' | 'end';
export interface PipelineWaterfallRow {
  step_order: number; step: PipelineStep; label: string; direction: 'total' | 'entry' | 'exit';
  deals: number; amount: number; bar_start: number; bar_end: number;
}
/** One deal counted in the open pipeline at either snapshot, with its one movement (sql/marts/pipeline_movement.sql). */
export interface PipelineMovementRow {
  system: string; opportunity_id: string; name: string | null; owner: string | null; created_at: string | null;
  exists_at_start: boolean; exists_at_end: boolean; is_in_start: boolean; is_in_end: boolean; was_seen_before_start: boolean;
  start_stage: string | null; end_stage: string | null; start_forecast_category: string | null; end_forecast_category: string | null;
  start_close_date: string | null; end_close_date: string | null; start_amount: number | null; end_amount: number | null;
  category: Exclude<PipelineStep, 'start' | 'end'> | 'unchanged'; detail: string | null; amount: number;
}

/** Cost, volume, revenue, ROI, conversion and win rate of one source or campaign (sql/intermediate/int_roi_by_group.sql). */
export interface RoiFigures {
  is_total: boolean; cost: number; leads: number; cost_per_lead: number | null; opportunities: number; cost_per_opportunity: number | null;
  pipeline: number; won: number; lost: number; closed: number; won_revenue: number; new_business_won: number; cost_per_won_deal: number | null;
  roi: number | null; converted_leads: number; conversion_rate: number | null; conversion_low: number | null; conversion_high: number | null;
  win_rate: number | null; win_rate_low: number | null; win_rate_high: number | null; median_days_to_close: number | null;
  cohort_won: number; cohort_won_revenue: number; cohort_roi: number | null;
}
/** One source, or the total (sql/marts/source_roi.sql). */
export interface SourceRoiRow extends RoiFigures { source: string }
/** One campaign, or the total (sql/marts/campaign_roi.sql). */
export interface CampaignRoiRow extends RoiFigures {
  system: string; campaign_id: string; name: string | null; source: string | null; started_on: string | null; ended_on: string | null; total_cost: number | null;
}
/** Two sources' lead cohorts side by side, with the pooled z statistic (sql/marts/source_comparison_counts.sql). */
export interface SourceComparisonCountsRow {
  source_a: string; source_b: string;
  leads_a: number; converted_a: number; conversion_a: number | null; conversion_low_a: number | null; conversion_high_a: number | null;
  leads_b: number; converted_b: number; conversion_b: number | null; conversion_low_b: number | null; conversion_high_b: number | null;
  difference: number | null; pooled_rate: number | null; standard_error: number | null; z: number | null;
}

/** Where a cycle-time figure is grouped: by one of these, or not at all (the total alone). */
export type CycleTimeGroup = 'source' | 'team' | 'industry' | 'country';
export type CycleTimeJourney = 'lead_to_conversion' | 'lead_to_disqualification' | 'lead_to_exit' | 'opportunity_to_won' | 'opportunity_to_lost' | 'opportunity_to_close';

/** Completed durations of one journey in one group, or the total (sql/marts/cycle_times.sql). */
export interface CycleTimeRow {
  journey: CycleTimeJourney; journey_order: number; record_kind: 'lead' | 'opportunity'; is_either_outcome: boolean;
  is_total: boolean; group_value: string | null; records: number; completed: number; without_duration: number; still_open: number;
  median_days: number | null; p75_days: number | null; p90_days: number | null; km_median_days: number | null;
}

/** Time in one open stage, in one group or the total (sql/marts/time_in_stage.sql). */
export interface TimeInStageRow {
  stage: string; stage_order: number; is_total: boolean; group_value: string | null; opportunities: number; completed: number; still_in_stage: number;
  median_days: number | null; p75_days: number | null; p90_days: number | null; km_median_days: number | null;
}

/** One step of a Kaplan-Meier curve with its two cumulative incidence curves (sql/marts/survival_curves.sql). */
export interface SurvivalCurveRow {
  curve: 'time_to_close' | 'time_to_convert'; record_kind: 'lead' | 'opportunity'; is_total: boolean; group_value: string | null;
  step: number; day: number; at_risk: number; events: number; success_events: number; failure_events: number; censored: number;
  survival: number; success_incidence: number; failure_incidence: number;
}

/**
 * A cohort month of sql/marts/funnel_by_cohort.sql with its 30/60/90-day windows (null while the
 * cohort is too young). The mart always returns these columns; they are optional here only so rows
 * written by hand with the earlier columns (the chart tests' cohorts) still type-check.
 */
export interface FunnelCohortWindowsRow extends FunnelCohortRow {
  converted_undated?: number;
  converted_30d?: number | null; conversion_30d_rate?: number | null; conversion_30d_low?: number | null; conversion_30d_high?: number | null;
  converted_60d?: number | null; conversion_60d_rate?: number | null; conversion_60d_low?: number | null; conversion_60d_high?: number | null;
  converted_90d?: number | null; conversion_90d_rate?: number | null; conversion_90d_low?: number | null; conversion_90d_high?: number | null;
}

/** What the funnel can be split by (sql/marts/funnel_by_segment.sql). */
export type FunnelSegmentDimension = 'source' | 'owner' | 'team' | 'industry' | 'country' | 'company_size';

/** One segment of the period's lead cohort, or the total (sql/marts/funnel_by_segment.sql). */
export interface FunnelSegmentRow {
  dimension: FunnelSegmentDimension; segment: string; segment_value: string | null; segment_order: number | null; is_total: boolean;
  leads: number; mqls: number; sqls: number; opportunities: number; won: number;
  mql_rate: number | null; mql_low: number | null; mql_high: number | null;
  sql_rate: number | null; sql_low: number | null; sql_high: number | null;
  opportunity_rate: number | null; opportunity_low: number | null; opportunity_high: number | null;
  won_rate: number | null; won_low: number | null; won_high: number | null;
  conversion_rate: number | null; conversion_low: number | null; conversion_high: number | null;
  lead_to_won_rate: number | null; lead_to_won_low: number | null; lead_to_won_high: number | null;
}

/** Opportunities created / leads created in one month, or the whole period (sql/marts/funnel_period_ratio.sql). */
export interface FunnelPeriodRatioRow {
  month: string; is_total: boolean; leads_created: number; opportunities_created: number; period_ratio: number | null;
}

/** sql/marts/forecast_historical.sql: the historical method's forecast and its parts. */
export interface ForecastHistoricalRow {
  as_of: string; period_start: string | null; period_end: string | null; quarters_of_history: number; enough_history: boolean;
  closed_won_deals: number; closed_won: number; open_deals: number; open_amount: number;
  deals_priced_by_cell: number; deals_priced_by_stage: number; deals_priced_by_all: number;
  expected_from_open: number | null; expected_not_yet_created: number | null; figure: number | null; note: string;
}
/** sql/marts/forecast_methods.sql; p10 / p50 / p90 (and monte_carlo's figure) are drawn by server/statistics/monte-carlo.ts. */
export interface ForecastMethodRow {
  method: 'weighted' | 'commit' | 'best_case' | 'historical' | 'monte_carlo'; figure: number | null;
  p10: number | null; p50: number | null; p90: number | null; enough_history: boolean; note: string;
}
/** sql/marts/forecast_simulation_inputs.sql */
export interface ForecastSimulationInputRow {
  kind: 'closed_won' | 'open_deal' | 'not_yet_created'; system: string | null; opportunity_id: string | null;
  quarter_start: string | null; amount: number; p: number | null;
}
/** sql/marts/forecast_backtest_points.sql */
export interface ForecastBacktestPointRow {
  quarter_start: string; quarter_end: string; day: number; forecast_day: string; snapshot_date: string;
  method: 'weighted' | 'commit' | 'best_case' | 'historical'; method_order: number; forecast: number | null; actual: number;
  error: number | null; ape: number | null;
}
/** sql/marts/forecast_backtest.sql; band_inside / band_share / band_runs of the monte_carlo rows come from server/statistics/monte-carlo.ts. */
export interface ForecastBacktestRow {
  method: 'weighted' | 'commit' | 'best_case' | 'historical' | 'monte_carlo'; day: number; quarters: number;
  quarters_without_forecast: number; quarters_without_actual: number | null; mape: number | null; wape: number | null; bias: number | null;
  band_inside: number | null; band_share: number | null; band_runs: number | null;
}
/** sql/marts/forecast_backtest_simulation_inputs.sql */
export interface ForecastBacktestSimulationInputRow {
  quarter_start: string; day: number; actual: number; kind: 'closed_won' | 'open_deal' | 'not_yet_created';
  system: string | null; opportunity_id: string | null; input_quarter_start: string | null; amount: number; p: number | null;
}

/** One team, or one owner within it, with forecast_summary's figures and its historical figure (sql/marts/forecast_by_owner.sql). */
export interface ForecastByOwnerRow {
  level: 'team' | 'owner'; team: string; owner: string | null; team_value: string | null; owner_value: string | null;
  closed_won_deals: number; closed_won: number; open_deals: number; open_pipeline: number; weighted_pipeline: number;
  category_commit: number; category_best_case: number; historical: number | null; historical_note: string | null;
  target: number | null; remaining_to_target: number | null; coverage_status: 'no target' | 'target met' | 'open'; coverage: number | null; row_order: number;
}
/** What moved the forecast between a snapshot and the one before it (sql/marts/forecast_trend_changes.sql). */
export interface ForecastTrendChangeRow {
  snapshot_date: string; previous_snapshot_date: string;
  won_deals: number; won_amount: number; lost_deals: number; lost_amount: number; created_deals: number; created_amount: number;
  pulled_in_deals: number; pulled_in_amount: number; pushed_out_deals: number; pushed_out_amount: number;
  probability_raised_deals: number; probability_lowered_deals: number; probability_weighted_change: number;
  resized_deals: number; resized_weighted_change: number; category_up_deals: number; category_down_deals: number;
  previous_weighted_pipeline: number; weighted_pipeline: number; weighted_change: number;
}

/** sql/marts/audit_findings.sql and audit_findings_since.sql: one finding of the classification audit. */
export interface AuditFindingRow {
  system: string; record_kind: 'lead' | 'opportunity'; record_id: string; rule_id: string; family: string; title: string;
  severity: 'high' | 'medium' | 'low'; record_name: string; owner: string | null; team: string | null;
  amount_at_stake: number | null; evidence: string; evidence_hash: string; why: string;
  review_decision: string | null; review_note: string | null; reviewer: string | null; reviewed_at: string | null;
  evidence_changed: boolean; status: 'open' | 'confirmed' | 'not_an_issue' | 'fixed';
}
export interface AuditFindingSinceRow extends AuditFindingRow { still_holds: boolean; since_audit: 'holds' | 'resolved' }
export interface AuditRuleSummaryRow {
  rule_id: string; family: string; record_kind: string; title: string; description: string; severity: string; enabled: boolean;
  findings: number; records: number; amount_at_stake: number; open: number; confirmed: number; not_an_issue: number; fixed: number;
}
export interface AuditQuarterRow { quarter: string; quarter_start: string; quarter_end: string; snapshot_date: string; is_complete: boolean }
export interface AuditQuarterComparisonRow {
  audit_date: string; rule_id: string; title: string; severity: string; findings: number; amount_at_stake: number;
  resolved: number; resolved_amount: number; still_holding: number;
}
export interface AuditImpactRow {
  hidden_leads: number; hidden_value: number; hidden_leads_without_estimate: number;
  inflated_opportunities: number; inflated_amount: number; inflated_weighted_in_quarter: number;
  open_pipeline: number; open_pipeline_reclassified: number;
  funnel_leads: number; funnel_converted: number; funnel_hidden: number; funnel_inflated: number;
  conversion_rate: number | null; conversion_rate_reclassified: number | null;
  weighted_forecast: number; weighted_forecast_reclassified: number; qualification_probability: number;
}
export interface AuditReviewRow {
  review_id: number; system: string; record_kind: string; record_id: string; rule_id: string; decision: string;
  note: string | null; reviewer: string; reviewed_at: string; as_of: string; evidence_hash: string; evidence: string;
}

/** sql/marts/lead_score_training_set.sql: a settled lead, its label, split side, configured scores and the learned score's raw features. */
export interface LeadScoreTrainingRow {
  system: string; lead_id: string; converted: boolean; is_holdout: boolean; sample_key: number; points_score: number; crm_score: number | null;
  source_name: string; industry: string | null; country: string | null; company_size_band: string;
  activity_count: number | null; days_since_activity: number | null;
  budget_answer: 'true' | 'false' | 'unknown'; authority_answer: 'true' | 'false' | 'unknown';
  need_answer: 'true' | 'false' | 'unknown'; timeline_answer: 'true' | 'false' | 'unknown';
  has_budget_amount: boolean; has_expected_decision_date: boolean; has_email: boolean; has_phone: boolean;
}
/** sql/marts/lead_score_accuracy.sql: a configured score's AUC on the held-out settled leads. */
export interface LeadScoreAccuracyRow {
  score: 'points' | 'crm'; holdout_leads: number; scored_leads: number; positives: number; negatives: number; auc: number | null;
}
