import type { Warehouse, WriteTransaction } from '../server/db/warehouse.ts';

/**
 * The audit's findings per snapshot date, kept in audit_findings_cache (migration 006): the
 * fifteen rule models (sql/audit/audit_raw_findings.sql) take far longer to plan and run than
 * their few rows take to read, and a date's findings depend only on what was valid on or before
 * it. So a date is computed once, when first read; a load drops its own date and every later
 * one (a backfill or replacement can change what later dates see, and the rule models learn
 * from history up to their date); a change of config or models drops every date.
 */

/** Computes and keeps the findings of each date not kept yet. */
export async function fillAuditFindings(tx: WriteTransaction, dates: readonly string[]): Promise<void> {
  for (const date of new Set(dates)) {
    const [kept] = await tx.query('select count(*) as kept from audit_cached_dates where findings_as_of = $1::date', [date]);
    if (Number(kept.kept) > 0) continue;
    await tx.run('insert into audit_findings_cache by name select $1::date as findings_as_of, * from audit_raw_findings($1::date)', [date]);
    await tx.run('insert into audit_cached_dates values ($1::date, now()::timestamp)', [date]);
  }
}

/** Forgets the findings of `fromDate` and every later date, or of every date when null. */
export async function dropAuditFindings(tx: WriteTransaction, fromDate: string | null): Promise<void> {
  const where = fromDate === null ? '' : ' where findings_as_of >= $1::date';
  const params = fromDate === null ? [] : [fromDate];
  await tx.run(`delete from audit_findings_cache${where}`, params);
  await tx.run(`delete from audit_cached_dates${where}`, params);
}

/**
 * Makes sure the findings of these snapshot dates are kept before a read: the missing ones are
 * computed in one write transaction (which waits behind a load in progress).
 */
export async function ensureAuditFindings(warehouse: Warehouse, dates: readonly string[]): Promise<void> {
  const wanted = [...new Set(dates)];
  if (wanted.length === 0) return;
  const kept = await warehouse.query(`select strftime(findings_as_of, '%Y-%m-%d') as findings_as_of from audit_cached_dates where findings_as_of in (${wanted.map((_, i) => `$${i + 1}::date`).join(', ')})`, wanted);
  const missing = wanted.filter((date) => !kept.some((row) => row.findings_as_of === date));
  if (missing.length > 0) await warehouse.transaction((tx) => fillAuditFindings(tx, missing));
}
