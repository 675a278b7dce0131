import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import { formatCount, formatMoney, formatReviewStatus, NO_VALUE } from '../lib/format.ts';
import type { AuditFinding, AuditFindingsPage } from '../lib/view-reports.ts';
import { findingRecordHref } from './audit-links.ts';
import { SeverityBadge } from './audit-rules-table.tsx';
import { SortableTable, type SortableColumn } from './sortable-table.tsx';

/** The list's own link with another sort or page; the filters stay. */
export type FindingsHrefWith = (change: { sort?: string; direction?: 'asc' | 'desc'; page?: number }) => string;

// The procedure's defaults (server/routers/audit.ts), shown as the current sort when the URL names none.
const DEFAULT_SORT = 'severity';
const DEFAULT_DIRECTION = 'desc';

const COLUMNS: SortableColumn<AuditFinding>[] = [
  { header: 'Severity', testId: 'finding-severity', sort: 'severity', firstDirection: 'desc', cell: (finding) => <SeverityBadge severity={finding.severity} /> },
  { header: 'Rule', testId: 'finding-rule', sort: 'rule_id', cell: (finding) => <span class="finding-rule" title={finding.title}><strong>{finding.rule_id}</strong> <span class="muted">{finding.title}</span></span> },
  {
    header: 'Record', testId: 'finding-record', sort: 'record_name',
    cell: (finding) => <span class="finding-record"><span data-testid="finding-record-name">{finding.record_name}</span> <span class="muted">{finding.record_kind} {finding.record_id}</span></span>,
  },
  { header: 'Owner', testId: 'finding-owner', sort: 'owner', cell: (finding) => finding.owner ?? NO_VALUE },
  { header: 'Amount at stake', testId: 'finding-amount', sort: 'amount_at_stake', numeric: true, cell: (finding) => formatMoney(finding.amount_at_stake) },
  { header: 'Why', testId: 'finding-why', cell: (finding) => <span class="wrap finding-why">{finding.why}</span> },
  {
    header: 'Status', testId: 'finding-status',
    cell: (finding) => (
      <span class={`review-status status-${finding.status}`} data-status={finding.status}>
        {formatReviewStatus(finding.status)}
        <Show when={finding.since_audit === 'resolved'}><span class="muted finding-resolved" data-testid="finding-resolved">resolved since</span></Show>
      </span>
    ),
  },
];

/**
 * A page of the quarter's findings (procedure audit.findings), sortable by its headers; a row
 * opens its record as of the audit's snapshot, at the record's findings.
 */
export function AuditFindingsTable(props: { findings: AuditFindingsPage; sort: string | undefined; direction: 'asc' | 'desc' | undefined; hrefWith: FindingsHrefWith }) {
  return (
    <>
      <SortableTable
        caption="Click a column's name to sort by it, a finding to open its record and review it."
        testId="audit-findings-table" rowTestId="audit-finding-row"
        columns={COLUMNS} rows={props.findings.rows}
        sort={props.sort ?? DEFAULT_SORT} direction={props.direction ?? DEFAULT_DIRECTION}
        sortHref={(sort, direction) => props.hrefWith({ sort, direction })}
        rowHref={(finding) => findingRecordHref(finding, props.findings.audit_date)}
        rowAttributes={(finding) => ({ 'data-id': finding.record_id, 'data-rule': finding.rule_id })}
      />
      <FindingsPager findings={props.findings} hrefWith={props.hrefWith} />
    </>
  );
}

function FindingsPager(props: { findings: AuditFindingsPage; hrefWith: FindingsHrefWith }) {
  const pages = () => Math.max(1, Math.ceil(props.findings.total / props.findings.pageSize));
  const first = () => props.findings.page * props.findings.pageSize + 1;
  const last = () => Math.min(props.findings.total, (props.findings.page + 1) * props.findings.pageSize);
  return (
    <nav class="pager findings-pager" aria-label="Pages" data-testid="findings-pager">
      <span data-testid="findings-pager-range">
        <Show when={props.findings.rows.length > 0} fallback={`Page ${formatCount(props.findings.page + 1)} is past the last page (${formatCount(pages())}).`}>
          {formatCount(first())}–{formatCount(last())} of {formatCount(props.findings.total)} · page {formatCount(props.findings.page + 1)} of {formatCount(pages())}
        </Show>
      </span>
      <Show when={props.findings.page > 0}>
        <A href={props.hrefWith({ page: Math.min(props.findings.page, pages()) - 1 })} data-testid="findings-pager-previous">← Previous {formatCount(props.findings.pageSize)}</A>
      </Show>
      <Show when={props.findings.page + 1 < pages()}>
        <A href={props.hrefWith({ page: props.findings.page + 1 })} data-testid="findings-pager-next">Next {formatCount(props.findings.pageSize)} →</A>
      </Show>
    </nav>
  );
}
