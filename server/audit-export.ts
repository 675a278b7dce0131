import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { toCsv } from './csv.ts';
import type { Context } from './trpc.ts';
import { appRouter } from './routers/app.ts';
import { findingFilterInput } from './routers/audit.ts';
import { isoDate } from './filters.ts';

/** The columns of an exported finding, in the order a reviewer reads them. */
const EXPORT_COLUMNS = [
  'rule_id', 'title', 'severity', 'record_kind', 'system', 'record_id', 'record_name', 'owner', 'team', 'amount_at_stake',
  'why', 'evidence', 'status', 'review_decision', 'review_note', 'reviewer', 'reviewed_at', 'since_audit',
] as const;

const exportQuery = z.object({
  asOf: isoDate.optional(), quarter: z.string().regex(/^\d{4}-Q[1-4]$/).optional(), ...findingFilterInput,
}).strict();

/**
 * GET /export/audit.csv?quarter=2026-Q3[&asOf=&rule=&owner=&severity=&status=&since=&kind=]:
 * the quarter's findings as CSV, escaped against spreadsheet formulas (server/csv.ts). Reads
 * through the same procedures as the Audit view, so the file holds what the view lists.
 */
export async function sendAuditExport(req: IncomingMessage, res: ServerResponse, context: Context): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const parsed = exportQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return sendText(res, 400, `bad export request: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; ')}`);
  const api = appRouter.createCaller(context);
  try {
    const rows: Record<string, unknown>[] = [];
    let first: Awaited<ReturnType<typeof api.audit.findings>> | undefined;
    for (let page = 0; ; page++) {
      const result = await api.audit.findings({ ...parsed.data, page, pageSize: 500 });
      first ??= result;
      rows.push(...result.rows.map((row) => Object.fromEntries(EXPORT_COLUMNS.map((column) => [column, row[column]]))));
      if (rows.length >= result.total || result.rows.length === 0) break;
    }
    res.statusCode = 200;
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="leadlens-audit-${first?.quarter ?? 'quarter'}-as-of-${first?.as_of ?? 'latest'}.csv"`);
    res.end(rows.length > 0 ? toCsv(rows) : `${EXPORT_COLUMNS.join(',')}\n`);
  } catch (error) {
    const code = (error as { code?: string }).code;
    sendText(res, code === 'NOT_FOUND' ? 404 : code === 'BAD_REQUEST' ? 400 : 500, code ? (error as Error).message : 'the export failed');
  }
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(text);
}
