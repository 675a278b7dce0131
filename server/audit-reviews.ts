import { TRPCError } from '@trpc/server';
import { fillAuditFindings } from '../pipelines/audit-findings-cache.ts';
import type { Warehouse } from './db/warehouse.ts';
import type { AUDIT_DECISIONS, FindingKey } from './queries/audit.ts';

export interface ReviewInput extends FindingKey {
  /** The snapshot the reviewer saw the finding in: its evidence then is what the decision is about. */
  asOf: string;
  decision: (typeof AUDIT_DECISIONS)[number];
  note: string | null;
  reviewer: string;
}

/**
 * Stores a review decision (DESIGN section 6) in audit_reviews, with the evidence the finding
 * had as of the snapshot reviewed, so "not an issue" can stay quiet until that evidence
 * changes. A finding the audit does not raise as of that snapshot cannot be reviewed.
 */
export async function recordReview(warehouse: Warehouse, input: ReviewInput): Promise<{ review_id: number; reviewed_at: string; status: string }> {
  return warehouse.transaction(async (tx) => {
    await fillAuditFindings(tx, [input.asOf]);
    const [finding] = await tx.query(
      'select evidence, evidence_hash from audit_findings($1::date) where system = $2 and record_kind = $3 and record_id = $4 and rule_id = $5',
      [input.asOf, input.system, input.recordKind, input.recordId, input.ruleId],
    );
    if (!finding) {
      throw new TRPCError({ code: 'NOT_FOUND', message: `the audit as of ${input.asOf} raises no ${input.ruleId} finding for ${input.recordKind} ${input.recordId} of ${input.system}` });
    }
    const [{ next_id }] = await tx.query('select coalesce(max(review_id), 0) + 1 as next_id from audit_reviews');
    const [{ reviewed_at }] = await tx.query(
      `insert into audit_reviews values ($1, $2, $3, $4, $5, $6, $7, $8, now()::timestamp, $9::date, $10, $11)
       returning strftime(reviewed_at, '%Y-%m-%dT%H:%M:%S') as reviewed_at`,
      [next_id, input.system, input.recordKind, input.recordId, input.ruleId, input.decision, input.note, input.reviewer, input.asOf, finding.evidence_hash, finding.evidence],
    );
    const [{ status }] = await tx.query(
      'select status from audit_findings($1::date) where system = $2 and record_kind = $3 and record_id = $4 and rule_id = $5',
      [input.asOf, input.system, input.recordKind, input.recordId, input.ruleId],
    );
    return { review_id: Number(next_id), reviewed_at: String(reviewed_at), status: String(status) };
  });
}
