import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { OPPORTUNITY_STAGES } from '../load/canonical-contract.ts';
import { AUDIT_RULES, DEFAULT_AUDIT_SETTINGS, type AuditSettings } from './audit-rules.ts';
import { DEFAULT_LEAD_SCORE, leadScoreRuleRows, type LeadScoreSettings } from './lead-score.ts';
import type { WriteTransaction } from '../../server/db/warehouse.ts';

/** What a user may override in leadlens.config.json (documented in the README). */
export interface Settings {
  /** Default win probability per canonical stage, as a percentage 0-100 (DESIGN section 3). */
  stageProbabilities: Record<string, number>;
  /** Canonical lead statuses that count as having reached MQL and SQL. */
  mqlStatuses: string[];
  sqlStatuses: string[];
  /** A lead scored at or above this counts as an MQL. */
  mqlScoreThreshold: number;
  /** Share of a system's records an export may drop before the load is refused as partial. */
  maxShrinkShare: number;
  /**
   * Which probability weights the pipeline: the record's own CRM probability (the stage default
   * where it has none), or always the stage default. Open deals at 0% are shown either way.
   */
  probabilityPolicy: 'crm' | 'stage';
  /** Forecast category a stage implies when the export carries none. */
  stageForecastCategories: Record<string, string>;
  /** Per CRM: value maps laid over the adapter's own, and the date formats its exports use. */
  crms?: Record<string, CrmSettings>;
  /** The classification audit: thresholds, rules switched off, severities, stage limits (DESIGN section 6). */
  audit: AuditSettings;
  /** The points lead score rule L3 reads, or the CRM's own score. */
  leadScore: LeadScoreSettings;
}

export interface CrmSettings {
  valueMaps?: Record<string, Record<string, string>>;
  dateFormats?: string[];
  timestampFormats?: string[];
}

export const DEFAULT_SETTINGS: Settings = {
  stageProbabilities: {
    prospecting: 10, qualification: 10, needs_analysis: 20, value_proposition: 50, decision_makers: 60,
    perception_analysis: 70, proposal: 75, negotiation: 90, closed_won: 100, closed_lost: 0,
  },
  mqlStatuses: ['working', 'nurturing', 'qualified', 'converted'],
  sqlStatuses: ['qualified', 'converted'],
  mqlScoreThreshold: 50,
  maxShrinkShare: 0.2,
  probabilityPolicy: 'crm',
  stageForecastCategories: {
    prospecting: 'pipeline', qualification: 'pipeline', needs_analysis: 'pipeline', value_proposition: 'pipeline',
    decision_makers: 'best_case', perception_analysis: 'best_case', proposal: 'commit', negotiation: 'commit',
    closed_won: 'closed', closed_lost: 'omitted',
  },
  audit: DEFAULT_AUDIT_SETTINGS,
  leadScore: DEFAULT_LEAD_SCORE,
};

/**
 * Which config file a warehouse's models are built with: LEADLENS_CONFIG (or --config), else
 * leadlens.config.json in the working directory, else one kept beside the warehouse
 * (`<db>.config.json`, as the demo company writes its own), else none: the defaults.
 */
export function configPathFor(warehousePath: string): string {
  if (process.env.LEADLENS_CONFIG) return process.env.LEADLENS_CONFIG;
  if (existsSync(resolve('leadlens.config.json')) || warehousePath === ':memory:') return 'leadlens.config.json';
  return `${warehousePath}.config.json`;
}

/** Defaults, overridden by leadlens.config.json in the working directory (or LEADLENS_CONFIG). */
export function loadSettings(path = process.env.LEADLENS_CONFIG ?? 'leadlens.config.json'): Settings {
  const file = resolve(path);
  if (!existsSync(file)) return DEFAULT_SETTINGS;
  const overrides = JSON.parse(readFileSync(file, 'utf8')) as Partial<Settings>;
  return {
    ...DEFAULT_SETTINGS,
    ...overrides,
    stageProbabilities: { ...DEFAULT_SETTINGS.stageProbabilities, ...overrides.stageProbabilities },
    stageForecastCategories: { ...DEFAULT_SETTINGS.stageForecastCategories, ...overrides.stageForecastCategories },
    audit: {
      ...DEFAULT_SETTINGS.audit,
      ...overrides.audit,
      thresholds: { ...DEFAULT_SETTINGS.audit.thresholds, ...overrides.audit?.thresholds },
    },
    leadScore: { ...DEFAULT_SETTINGS.leadScore, ...overrides.leadScore },
  };
}

/** Writes the mapping tables the models join to, so a value map is data, not SQL. */
export async function writeSettingsTables(tx: WriteTransaction, settings: Settings): Promise<void> {
  await tx.run('delete from stage_map');
  for (const [index, stage] of OPPORTUNITY_STAGES.entries()) {
    await tx.run('insert into stage_map values ($1, $2, $3, $4, $5, $6)', [
      stage, index + 1, settings.stageProbabilities[stage] / 100, stage.startsWith('closed_'), stage === 'closed_won',
      settings.stageForecastCategories[stage] ?? null,
    ]);
  }
  await tx.run('delete from lead_status_map');
  for (const status of ['new', 'working', 'nurturing', 'qualified', 'disqualified', 'converted']) {
    await tx.run('insert into lead_status_map values ($1, $2, $3, $4)', [
      status, settings.mqlStatuses.includes(status), settings.sqlStatuses.includes(status), status === 'disqualified',
    ]);
  }
  await tx.run('delete from model_settings');
  await tx.run("insert into model_settings values ('mql_score_threshold', $1)", [settings.mqlScoreThreshold]);
  await tx.run('delete from model_text_settings');
  await tx.run("insert into model_text_settings values ('probability_policy', $1)", [settings.probabilityPolicy]);
  await tx.run("insert into model_text_settings values ('lead_score_use', $1)", [settings.leadScore.use]);
  await writeAuditSettings(tx, settings.audit);
  await tx.run('delete from lead_score_rules');
  for (const row of leadScoreRuleRows(settings.leadScore)) await tx.run('insert into lead_score_rules values ($1, $2, $3, $4)', row);
}

async function writeAuditSettings(tx: WriteTransaction, audit: AuditSettings): Promise<void> {
  for (const [name, value] of Object.entries(audit.thresholds)) {
    await tx.run('insert into model_settings values ($1, $2)', [`audit_${name}`, value]);
  }
  await tx.run('delete from audit_rules');
  for (const rule of AUDIT_RULES) {
    await tx.run('insert into audit_rules values ($1, $2, $3, $4, $5, $6, $7)', [
      rule.id, rule.family, rule.recordKind, rule.title, rule.description,
      audit.severities[rule.id] ?? rule.severity, !audit.disabledRules.includes(rule.id),
    ]);
  }
  await tx.run('delete from audit_stage_limits');
  for (const [stage, days] of Object.entries(audit.stageLimitDays)) {
    await tx.run('insert into audit_stage_limits values ($1, $2)', [stage, days]);
  }
}
