/**
 * The classification audit's rules (DESIGN section 6): id, plain-language description and
 * default severity. Each rule's logic is the SQL model sql/audit/audit_rule_<id>.sql; this
 * catalog is written to the audit_rules table with config's switches and severities laid over.
 */

export type Severity = 'high' | 'medium' | 'low';
export type RuleFamily = 'lead_looks_like_opportunity' | 'opportunity_looks_like_lead' | 'hygiene';

export interface AuditRule {
  id: string;
  family: RuleFamily;
  recordKind: 'lead' | 'opportunity';
  title: string;
  description: string;
  severity: Severity;
}

export const AUDIT_RULES: readonly AuditRule[] = [
  { id: 'L1', family: 'lead_looks_like_opportunity', recordKind: 'lead', severity: 'high', title: 'BANT met, not converted', description: 'Budget, authority, need and timeline all confirmed, but the lead is not converted N days after creation.' },
  { id: 'L2', family: 'lead_looks_like_opportunity', recordKind: 'lead', severity: 'medium', title: 'Opportunity signals on a lead', description: 'A budget amount, an expected decision date or status qualified, but the lead is not converted N days after creation.' },
  { id: 'L3', family: 'lead_looks_like_opportunity', recordKind: 'lead', severity: 'medium', title: 'Hot lead left idle', description: 'Lead score at or above the hand-off threshold, not converted, and no activity in the last N days.' },
  { id: 'L4', family: 'lead_looks_like_opportunity', recordKind: 'lead', severity: 'medium', title: 'Shadow of an open opportunity', description: 'The same person or company already has an open opportunity other than the one this lead converted into.' },
  { id: 'O1', family: 'opportunity_looks_like_lead', recordKind: 'opportunity', severity: 'medium', title: 'No amount', description: 'Open with no amount, or amount zero, N days after creation.' },
  { id: 'O2', family: 'opportunity_looks_like_lead', recordKind: 'opportunity', severity: 'high', title: 'Unqualified past qualification', description: 'No decision maker identified and budget not confirmed, in needs analysis or a later stage.' },
  { id: 'O3', family: 'opportunity_looks_like_lead', recordKind: 'opportunity', severity: 'medium', title: 'Stalled', description: 'Open with no activity for N days, or in one stage longer than that stage\'s limit.' },
  { id: 'O4', family: 'opportunity_looks_like_lead', recordKind: 'opportunity', severity: 'high', title: 'Close date long past', description: 'Open with a close date N or more days in the past.' },
  { id: 'O5', family: 'opportunity_looks_like_lead', recordKind: 'opportunity', severity: 'medium', title: 'No account', description: 'No account attached (a missing contact alone: low severity).' },
  { id: 'H1', family: 'hygiene', recordKind: 'lead', severity: 'low', title: 'Duplicate lead', description: 'Another lead has the same normalised email, or the same company and name.' },
  { id: 'H2', family: 'hygiene', recordKind: 'lead', severity: 'medium', title: 'Stale lead', description: 'Never worked N days after creation.' },
  { id: 'H3', family: 'hygiene', recordKind: 'lead', severity: 'low', title: 'Incomplete record', description: 'No source, no owner, or no way to contact (neither email nor phone).' },
  { id: 'H4', family: 'hygiene', recordKind: 'lead', severity: 'high', title: 'Broken conversion', description: 'Names a converted opportunity that does not exist; or says converted with no flag and no opportunity; or flagged converted but names no opportunity.' },
  { id: 'H5', family: 'hygiene', recordKind: 'opportunity', severity: 'high', title: 'Won with no amount', description: 'A won deal with no amount or amount zero.' },
  { id: 'H6', family: 'hygiene', recordKind: 'opportunity', severity: 'medium', title: 'Fields contradict the stage', description: 'An open deal at 0%, a won deal below 100%, a lost deal above 0%, or closed / won flags that disagree with the stage.' },
];

/** The audit's thresholds (DESIGN section 6 defaults), written to model_settings as audit_<name>. */
export interface AuditThresholds {
  l1_days: number;
  l2_days: number;
  l3_score: number;
  l3_idle_days: number;
  o1_days: number;
  o3_idle_days: number;
  /** A stage's limit is this many times its historical median time in stage ... */
  o3_stage_median_factor: number;
  /** ... or this many days where the stage has no history. */
  o3_stage_default_days: number;
  o4_days_past: number;
  h2_days: number;
}

export const DEFAULT_AUDIT_THRESHOLDS: AuditThresholds = {
  l1_days: 14, l2_days: 14, l3_score: 70, l3_idle_days: 7, o1_days: 14, o3_idle_days: 30,
  o3_stage_median_factor: 2, o3_stage_default_days: 45, o4_days_past: 30, h2_days: 14,
};

export interface AuditSettings {
  thresholds: AuditThresholds;
  /** Rule ids switched off: their models still exist, their findings are not shown. */
  disabledRules: string[];
  /** Severity per rule id, over the catalog's. */
  severities: Record<string, Severity>;
  /** Days an open deal may sit in a stage before O3, per canonical stage, over the historical limit. */
  stageLimitDays: Record<string, number>;
}

export const DEFAULT_AUDIT_SETTINGS: AuditSettings = {
  thresholds: DEFAULT_AUDIT_THRESHOLDS, disabledRules: [], severities: {}, stageLimitDays: {},
};
