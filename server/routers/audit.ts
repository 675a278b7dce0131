import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { ensureAuditFindings } from '../../pipelines/audit-findings-cache.ts';
import { recordReview } from '../audit-reviews.ts';
import { isoDate, resolveFilter, viewReport } from '../filters.ts';
import {
  AUDIT_DECISIONS, AUDIT_SEVERITIES, COMPARED_QUARTERS, AUDIT_SORT_COLUMNS, AUDIT_STATUSES, resolveAuditScope, selectAuditComparison,
  selectAuditFindings, selectAuditImpact, selectAuditRuleSummary, selectFinding, selectFindingOwners, selectFindingReviews, selectRecordFindings,
} from '../queries/audit.ts';
import { selectLeadScoreModels } from '../queries/lead-score.ts';
import { publicProcedure, router, type Context } from '../trpc.ts';

const ruleId = z.string().regex(/^[LOH][1-9]$/, 'a rule id such as L1, O3 or H4');
const recordKind = z.enum(['lead', 'opportunity']);
const scopeInput = {
  asOf: isoDate.optional(),
  quarter: z.string().regex(/^\d{4}-Q[1-4]$/, 'a quarter written like 2026-Q3').optional(),
};
export const findingFilterInput = {
  rule: ruleId.optional(),
  owner: z.string().min(1).max(200).optional(),
  severity: z.enum(AUDIT_SEVERITIES).optional(),
  status: z.enum(AUDIT_STATUSES).optional(),
  since: z.enum(['holds', 'resolved']).optional(),
  kind: recordKind.optional(),
};
const findingKey = { system: z.string().min(1).max(100), kind: recordKind, id: z.string().min(1).max(200), rule: ruleId };

/**
 * The audit a request reads, with the findings of its dates kept first (the quarter's audit date,
 * the as-of date, and for the view the quarters compared).
 */
async function scopeOf(ctx: Context, input: { asOf?: string; quarter?: string }, withCompared = false) {
  const filter = await resolveFilter(ctx.db, { asOf: input.asOf }, 'quarter');
  const scope = await resolveAuditScope(ctx.db, filter.asOf, input.quarter);
  const compared = withCompared ? scope.quarters.slice(-COMPARED_QUARTERS).map((quarter) => quarter.snapshot_date) : [];
  await ensureAuditFindings(ctx.warehouse, [scope.auditDate, scope.asOf, ...compared]);
  return { filter, scope };
}

export const auditRouter = router({
  /**
   * The Audit view (DESIGN sections 6 and 7): the quarter's findings per rule with amounts,
   * what misclassification does to pipeline, funnel and forecast, and quarter against quarter.
   * The quarter defaults to the one under way, audited as of the as-of snapshot.
   */
  view: publicProcedure.input(z.object(scopeInput).strict()).query(async ({ ctx, input }) => {
    const { filter, scope } = await scopeOf(ctx, input, true);
    const [rules, impact, comparison, owners] = await Promise.all([
      selectAuditRuleSummary(ctx.db, scope), selectAuditImpact(ctx.db, scope), selectAuditComparison(ctx.db, scope), selectFindingOwners(ctx.db, scope),
    ]);
    return { ...viewReport('audit', filter, { quarters: scope.quarters, rules, impact, comparison, owners }), quarter: scope.quarter, audit_date: scope.auditDate };
  }),

  /** A page of the quarter's findings, filtered by rule, owner, severity, review status and whether each still holds. */
  findings: publicProcedure.input(z.object({
    ...scopeInput, ...findingFilterInput,
    sort: z.enum(AUDIT_SORT_COLUMNS).default('severity'),
    direction: z.enum(['asc', 'desc']).default('desc'),
    page: z.number().int().min(0).max(100_000).default(0),
    pageSize: z.number().int().min(1).max(500).default(50),
  }).strict()).query(async ({ ctx, input }) => {
    const { scope } = await scopeOf(ctx, input);
    const result = await selectAuditFindings(ctx.db, scope, {
      ruleId: input.rule, owner: input.owner, severity: input.severity, status: input.status, since: input.since, recordKind: input.kind,
    }, input);
    return { as_of: scope.asOf, quarter: scope.quarter, audit_date: scope.auditDate, ...result, page: input.page, pageSize: input.pageSize };
  }),

  /** One finding as of the snapshot, with its rule and every review it has had. */
  finding: publicProcedure.input(z.object({ ...findingKey, asOf: isoDate.optional() }).strict()).query(async ({ ctx, input }) => {
    const filter = await resolveFilter(ctx.db, { asOf: input.asOf }, 'quarter');
    await ensureAuditFindings(ctx.warehouse, [filter.asOf]);
    const key = { system: input.system, recordKind: input.kind, recordId: input.id, ruleId: input.rule };
    const [finding, reviews] = await Promise.all([selectFinding(ctx.db, filter.asOf, key), selectFindingReviews(ctx.db, key)]);
    return { as_of: filter.asOf, finding: finding ?? null, reviews };
  }),

  /**
   * The lead scores side by side as of the quarter's audit snapshot: the points score and the
   * CRM's (rule L3 reads the one config names) and a logistic regression learned from past
   * conversions, each with its AUC on the same held-out leads.
   */
  leadScore: publicProcedure.input(z.object(scopeInput).strict()).query(async ({ ctx, input }) => {
    const { scope } = await scopeOf(ctx, input);
    return selectLeadScoreModels(ctx.db, scope.auditDate);
  }),

  /** Every finding of one record as of the snapshot (the record detail page). */
  recordFindings: publicProcedure.input(z.object({ system: findingKey.system, kind: recordKind, id: findingKey.id, asOf: isoDate.optional() }).strict())
    .query(async ({ ctx, input }) => {
      const filter = await resolveFilter(ctx.db, { asOf: input.asOf }, 'quarter');
      await ensureAuditFindings(ctx.warehouse, [filter.asOf]);
      return { as_of: filter.asOf, findings: await selectRecordFindings(ctx.db, filter.asOf, input) };
    }),

  /**
   * A reviewer's decision on a finding: confirmed, not an issue, or fixed, with a note. The
   * reviewer is the name the request carries (the dashboard sends the name its user gave; a
   * sign-in proxy in front may set it instead).
   */
  review: publicProcedure.input(z.object({
    ...findingKey, asOf: isoDate, decision: z.enum(AUDIT_DECISIONS), note: z.string().max(2000).optional(),
  }).strict()).mutation(async ({ ctx, input }) => {
    if (!ctx.userName) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'a review needs the reviewer\'s name: give it in the dashboard (sent as the X-Leadlens-User header)' });
    const filter = await resolveFilter(ctx.db, { asOf: input.asOf }, 'quarter');
    return recordReview(ctx.warehouse, {
      system: input.system, recordKind: input.kind, recordId: input.id, ruleId: input.rule, asOf: filter.asOf,
      decision: input.decision, note: input.note?.trim() || null, reviewer: ctx.userName,
    });
  }),
});
