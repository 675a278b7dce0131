import { Show } from 'solid-js';
import { formatMoney, formatSentence } from '../lib/format.ts';
import type { AuditRuleSummary } from '../lib/view-reports.ts';
import { CountLink } from './count-link.tsx';
import { DataTable, type Column } from './data-table.tsx';

type Status = 'open' | 'confirmed' | 'not_an_issue' | 'fixed';
/** The findings list of a rule, or of its findings in one review status. */
export type RuleFindingsHref = (rule: AuditRuleSummary, status?: Status) => string;

/** The badge of a severity: high, medium or low. */
export function SeverityBadge(props: { severity: string }) {
  return <span class={`badge severity severity-${props.severity}`} data-testid="severity">{formatSentence(props.severity)}</span>;
}

function statusColumn(header: string, status: Status, href: RuleFindingsHref): Column<AuditRuleSummary> {
  return {
    header, testId: `rule-${status.replaceAll('_', '-')}`, numeric: true,
    cell: (rule) => <CountLink count={rule[status]} href={rule.enabled ? href(rule, status) : undefined} label={`${rule.rule_id} findings ${header.toLowerCase()}`} />,
  };
}

function columns(href: RuleFindingsHref): Column<AuditRuleSummary>[] {
  return [
    { header: 'Rule', testId: 'rule-id', cell: (rule) => <strong>{rule.rule_id}</strong> },
    {
      header: 'What it finds', testId: 'rule-title',
      cell: (rule) => (
        <span class="wrap audit-rule-text">
          <span class="audit-rule-title">{rule.title}</span>
          <span class="audit-rule-description">{rule.description}</span>
        </span>
      ),
    },
    { header: 'Severity', testId: 'rule-severity', cell: (rule) => <SeverityBadge severity={rule.severity} /> },
    {
      header: 'Findings', testId: 'rule-findings', numeric: true,
      cell: (rule) => (
        <Show when={rule.enabled} fallback={<span class="badge muted">off in config</span>}>
          <CountLink count={rule.findings} href={href(rule)} label={`${rule.rule_id} findings`} />
        </Show>
      ),
    },
    { header: 'Amount at stake', testId: 'rule-amount', numeric: true, cell: (rule) => formatMoney(rule.amount_at_stake) },
    statusColumn('Open', 'open', href),
    statusColumn('Confirmed', 'confirmed', href),
    statusColumn('Not an issue', 'not_an_issue', href),
    statusColumn('Fixed', 'fixed', href),
  ];
}

/**
 * Every rule of the audit with its findings and amount at stake in the quarter (procedure
 * audit.view, table rules), and how many findings are in each review status; each count opens
 * those findings, and a row with findings opens them all. A rule switched off in config is listed greyed, with no counts.
 */
export function AuditRulesTable(props: { rules: AuditRuleSummary[]; findingsHref: RuleFindingsHref }) {
  return (
    <DataTable
      caption="A count opens its findings below, a row all of the rule's. Amount at stake: an opportunity's amount, a lead's estimated value."
      testId="audit-rules-table" rowTestId="audit-rule-row"
      columns={columns(props.findingsHref)} rows={props.rules}
      rowAttributes={(rule) => ({ 'data-rule': rule.rule_id })}
      rowClass={(rule) => (rule.enabled ? '' : 'rule-off')}
      rowHref={(rule) => (rule.enabled && rule.findings > 0 ? props.findingsHref(rule) : undefined)}
    />
  );
}
