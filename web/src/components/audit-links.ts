/**
 * The URL of the Audit view (`/audit`), written and read in one place, so a link reproduces the
 * view: `asOf`, `quarter` (2026-Q3), the findings filters `rule`, `owner`, `severity`, `status`,
 * `since` (holds | resolved), and the list's `sort`, `direction` and `page` (0-based). Values go
 * to the procedures as written: they check each against their allow-lists.
 */
import type { inferRouterInputs } from '@trpc/server';
import type { AppRouter } from '../../../server/routers/app.ts';
import { recordHref } from '../lib/records-link.ts';

type FindingsInput = inferRouterInputs<AppRouter>['audit']['findings'];

export interface AuditQuery {
  asOf?: string;
  quarter?: string;
  rule?: string;
  owner?: string;
  severity?: string;
  status?: string;
  since?: string;
  sort?: string;
  direction?: 'asc' | 'desc';
  page?: number;
}

export type FindingFilterName = 'rule' | 'owner' | 'severity' | 'status' | 'since';

// The fixed order of the query, so two links to the same view compare equal.
const PARAMETERS = ['asOf', 'quarter', 'rule', 'owner', 'severity', 'status', 'since', 'sort', 'direction', 'page'] as const;
const EXPORT_PARAMETERS = ['quarter', 'asOf', 'rule', 'owner', 'severity', 'status', 'since'] as const;

/** The id of the findings list on the Audit view, so a count's link lands on it. */
export const FINDINGS_ANCHOR = 'audit-findings';

function queryText(query: AuditQuery, names: readonly (keyof AuditQuery)[]): string {
  const search = new URLSearchParams();
  for (const name of names) {
    const value = query[name];
    // page 0 is the first page: left out, as a link from a count starts there
    if (value !== undefined && value !== '' && !(name === 'page' && value === 0)) search.set(name, String(value));
  }
  return search.toString();
}

/** The Audit view with these filters; `toList` lands on the findings list. */
export function auditHref(query: AuditQuery, options: { toList?: boolean } = {}): string {
  const text = queryText(query, PARAMETERS);
  return `/audit${text ? `?${text}` : ''}${options.toList ? `#${FINDINGS_ANCHOR}` : ''}`;
}

/** The CSV of the quarter's findings with the list's filters (server/audit-export.ts). */
export function auditExportHref(query: AuditQuery): string {
  const text = queryText(query, EXPORT_PARAMETERS);
  return `/export/audit.csv${text ? `?${text}` : ''}`;
}

/** Reads the Audit view's URL query. */
export function readAuditQuery(search: URLSearchParams): AuditQuery {
  const text = (name: string) => search.get(name) || undefined;
  const direction = text('direction');
  const page = Number(text('page') ?? 0);
  return {
    asOf: text('asOf'), quarter: text('quarter'),
    rule: text('rule'), owner: text('owner'), severity: text('severity'), status: text('status'), since: text('since'),
    sort: text('sort'),
    direction: direction === 'asc' || direction === 'desc' ? direction : undefined,
    page: Number.isInteger(page) && page >= 0 ? page : 0,
  };
}

/** The findings procedure's input for a URL query. */
export function findingsInput(query: AuditQuery, pageSize: number): FindingsInput {
  const { sort, direction, page, ...filters } = query;
  const set = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
  return { ...set, ...(sort ? { sort } : {}), ...(direction ? { direction } : {}), page: page ?? 0, pageSize } as FindingsInput;
}

/** A finding's record, as of the audit's snapshot, opened at its findings. */
export function findingRecordHref(finding: { record_kind: string; system: string; record_id: string }, auditDate: string): string {
  const kind = finding.record_kind === 'opportunity' ? 'opportunity' : 'lead';
  return `${recordHref(kind, finding.system, finding.record_id, auditDate)}#findings`;
}
