import { TRPCError } from '@trpc/server';
import { sql, type Kysely } from 'kysely';
import type {
  AuditFindingRow, AuditFindingSinceRow, AuditImpactRow, AuditQuarterComparisonRow, AuditQuarterRow, AuditReviewRow,
  AuditRuleSummaryRow, Marts,
} from '../db/marts.ts';
import { lastFourQuarters, quarterContaining } from '../periods.ts';

export const AUDIT_STATUSES = ['open', 'confirmed', 'not_an_issue', 'fixed'] as const;
export const AUDIT_DECISIONS = ['confirmed', 'not_an_issue', 'fixed'] as const;
export const AUDIT_SEVERITIES = ['high', 'medium', 'low'] as const;
export const AUDIT_SORT_COLUMNS = ['severity', 'amount_at_stake', 'rule_id', 'record_id', 'owner', 'record_name'] as const;
/** Quarters shown side by side in the comparison (the one under way and the ones before it). */
export const COMPARED_QUARTERS = 5;

/** Which audit a request reads: the snapshot it is as of, and the quarter's own audit snapshot. */
export interface AuditScope {
  asOf: string;
  /** The quarter audited: its quarter-end snapshot, or the as-of snapshot for the quarter under way. */
  quarter: string;
  auditDate: string;
  quarters: AuditQuarterRow[];
}

export interface FindingFilters {
  ruleId?: string;
  owner?: string;
  severity?: (typeof AUDIT_SEVERITIES)[number];
  status?: (typeof AUDIT_STATUSES)[number];
  since?: 'holds' | 'resolved';
  recordKind?: 'lead' | 'opportunity';
  system?: string;
  recordId?: string;
}

export interface FindingPage { sort: (typeof AUDIT_SORT_COLUMNS)[number]; direction: 'asc' | 'desc'; page: number; pageSize: number }

/** The quarters with snapshots (sql/marts/audit_quarters.sql) and the one asked for, by default the one under way. */
export async function resolveAuditScope(db: Kysely<Marts>, asOf: string, quarter: string | undefined): Promise<AuditScope> {
  const quarters = await db.selectFrom(sql<AuditQuarterRow>`audit_quarters(${asOf}::date)`.as('quarters')).selectAll().execute();
  const chosen = quarter ? quarters.find((row) => row.quarter === quarter) : quarters.at(-1);
  if (!chosen) {
    throw new TRPCError({ code: 'NOT_FOUND', message: `no snapshot inside ${quarter} on or before ${asOf}: quarters with snapshots are ${quarters.map((row) => row.quarter).join(', ')}` });
  }
  return { asOf, quarter: chosen.quarter, auditDate: chosen.snapshot_date, quarters };
}

/** Findings per rule as of the quarter's audit snapshot: sql/marts/audit_rule_summary.sql. */
export function selectAuditRuleSummary(db: Kysely<Marts>, scope: AuditScope) {
  return db.selectFrom(sql<AuditRuleSummaryRow>`audit_rule_summary(${scope.auditDate}::date)`.as('rules')).selectAll().execute();
}

/** What misclassification does to pipeline, funnel and forecast: sql/marts/audit_impact.sql. */
export function selectAuditImpact(db: Kysely<Marts>, scope: AuditScope) {
  const quarter = quarterContaining(scope.auditDate);
  const funnel = lastFourQuarters(scope.auditDate);
  return db.selectFrom(sql<AuditImpactRow>`audit_impact(${scope.auditDate}::date, ${quarter.start}::date, ${quarter.end}::date, ${funnel.start}::date, ${funnel.end}::date)`.as('impact'))
    .selectAll().execute();
}

/**
 * Quarter against quarter: each of the last quarters' findings per rule and how many were
 * resolved since (sql/marts/audit_quarter_comparison.sql, once per quarter).
 */
export async function selectAuditComparison(db: Kysely<Marts>, scope: AuditScope) {
  const compared = scope.quarters.slice(-COMPARED_QUARTERS);
  const perQuarter = await Promise.all(compared.map(async (quarter) => {
    const rows = await db.selectFrom(sql<AuditQuarterComparisonRow>`audit_quarter_comparison(${quarter.snapshot_date}::date, ${scope.asOf}::date)`.as('comparison'))
      .selectAll().execute();
    return rows.map((row) => ({ quarter: quarter.quarter, is_complete: quarter.is_complete, ...row }));
  }));
  return perQuarter.flat();
}

const SEVERITY_RANK = sql`case severity when 'high' then 1 when 'medium' then 2 else 3 end`;

/** A page of the quarter's findings with whether each still holds as of the as-of snapshot: sql/marts/audit_findings_since.sql. */
export async function selectAuditFindings(db: Kysely<Marts>, scope: AuditScope, filters: FindingFilters, page: FindingPage) {
  let query = db.selectFrom(sql<AuditFindingSinceRow>`audit_findings_since(${scope.auditDate}::date, ${scope.asOf}::date)`.as('findings'));
  if (filters.ruleId) query = query.where('rule_id', '=', filters.ruleId);
  if (filters.owner) query = query.where('owner', '=', filters.owner);
  if (filters.severity) query = query.where('severity', '=', filters.severity);
  if (filters.status) query = query.where('status', '=', filters.status);
  if (filters.since) query = query.where('since_audit', '=', filters.since);
  if (filters.recordKind) query = query.where('record_kind', '=', filters.recordKind);
  if (filters.system) query = query.where('system', '=', filters.system);
  if (filters.recordId) query = query.where('record_id', '=', filters.recordId);
  const direction = sql.raw(page.direction === 'asc' ? 'asc nulls last' : 'desc nulls last');
  const sortKey = page.sort === 'severity' ? SEVERITY_RANK : sql.ref(page.sort);
  // severity reads high first when sorted "desc": its rank runs the other way
  const severityDirection = sql.raw(page.direction === 'asc' ? 'desc' : 'asc');
  const ordered = query.selectAll()
    .orderBy(page.sort === 'severity' ? sql`${sortKey} ${severityDirection}` : sql`${sortKey} ${direction}`)
    .orderBy(sql`amount_at_stake desc nulls last`).orderBy('rule_id').orderBy('record_id');
  const [rows, count] = await Promise.all([
    ordered.limit(page.pageSize).offset(page.page * page.pageSize).execute(),
    query.select(sql<number>`count(*)`.as('total')).executeTakeFirst(),
  ]);
  return { rows, total: Number(count?.total ?? 0) };
}

/** Every finding of one record as of a snapshot (the record detail page). */
export function selectRecordFindings(db: Kysely<Marts>, asOf: string, key: { kind: 'lead' | 'opportunity'; system: string; id: string }) {
  return db.selectFrom(sql<AuditFindingRow>`audit_findings(${asOf}::date)`.as('findings')).selectAll()
    .where('record_kind', '=', key.kind).where('system', '=', key.system).where('record_id', '=', key.id)
    .orderBy('rule_id').execute();
}

export interface FindingKey { system: string; recordKind: 'lead' | 'opportunity'; recordId: string; ruleId: string }

/** One finding as of a snapshot, or undefined when the audit does not raise it then. */
export async function selectFinding(db: Kysely<Marts>, asOf: string, key: FindingKey): Promise<AuditFindingRow | undefined> {
  return db.selectFrom(sql<AuditFindingRow>`audit_findings(${asOf}::date)`.as('findings')).selectAll()
    .where('system', '=', key.system).where('record_kind', '=', key.recordKind)
    .where('record_id', '=', key.recordId).where('rule_id', '=', key.ruleId)
    .executeTakeFirst();
}

/** Every review a finding has had, newest first. */
export function selectFindingReviews(db: Kysely<Marts>, key: FindingKey) {
  return db.selectFrom(sql<AuditReviewRow>`(select * from audit_reviews)`.as('reviews')).selectAll()
    .where('system', '=', key.system).where('record_kind', '=', key.recordKind)
    .where('record_id', '=', key.recordId).where('rule_id', '=', key.ruleId)
    .orderBy('reviewed_at', 'desc').orderBy('review_id', 'desc').execute();
}

/** The owners with findings in the quarter's audit, for the findings list's owner filter. */
export function selectFindingOwners(db: Kysely<Marts>, scope: AuditScope) {
  return db.selectFrom(sql<AuditFindingRow>`audit_findings(${scope.auditDate}::date)`.as('findings'))
    .select('owner').distinct().where('owner', 'is not', null).orderBy('owner').execute();
}
