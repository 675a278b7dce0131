import * as Plot from '@observablehq/plot';
import { formatCount, formatMoney, formatMoneyCompact } from '../lib/format.ts';
import type { AuditRuleSummary } from '../lib/view-reports.ts';
import { COLOURS, FONT, nameMarks, type ChartOptions } from './chart-style.ts';

const SEVERITIES = ['high', 'medium', 'low'];
const SEVERITY_COLOURS = ['#b4442c', COLOURS.secondary, COLOURS.muted];

export interface AuditAmountChartOptions extends ChartOptions {
  /** Where a click on a rule's bar goes: the list of its findings. */
  ruleHref?: (rule: AuditRuleSummary) => string | undefined;
}

const ruleLabel = (rule: AuditRuleSummary) => `${rule.rule_id} ${rule.title}`;
const findingsText = (count: number) => `${formatCount(count)} ${count === 1 ? 'finding' : 'findings'}`;

/**
 * The amount at stake per rule in the quarter's audit (procedure audit.view, table rules): one
 * bar per rule that has findings, in the table's order, coloured by severity, with its amount
 * and number of findings written at its end. Rules off in config, or with no finding, are left out.
 */
export function auditAmountChart(rules: AuditRuleSummary[], options: AuditAmountChartOptions = {}): SVGSVGElement | HTMLElement {
  const shown = rules.filter((rule) => rule.enabled && rule.findings > 0);
  const largest = Math.max(0, ...shown.map((rule) => rule.amount_at_stake));
  const longestLabel = Math.max(0, ...shown.map((rule) => ruleLabel(rule).length));
  return Plot.plot({
    document: options.document,
    width: options.width ?? 720,
    height: 80 + shown.length * 34,
    marginLeft: Math.min(260, 24 + longestLabel * 6.5),
    marginRight: 170,
    marginBottom: 44,
    style: { fontFamily: FONT, fontSize: '12px' },
    // Findings that carry no amount (deals with none) still get a frame: the axis needs a width.
    x: { domain: [0, largest > 0 ? largest : 1], grid: true, label: 'Amount at stake (warehouse currency) →', labelAnchor: 'right', labelOffset: 38, tickFormat: formatMoneyCompact },
    y: { domain: shown.map(ruleLabel), label: null, tickSize: 0 },
    color: { domain: SEVERITIES, range: SEVERITY_COLOURS, legend: true, tickFormat: (severity: string) => `${severity} severity` },
    marks: [
      Plot.barX(shown, {
        x: 'amount_at_stake', y: ruleLabel, fill: 'severity', className: 'audit-rule-bar',
        title: (rule: AuditRuleSummary) => `${rule.rule_id} ${rule.title}: ${formatMoney(rule.amount_at_stake)} at stake in ${findingsText(rule.findings)}`,
        href: options.ruleHref ? (rule: AuditRuleSummary) => options.ruleHref?.(rule) : undefined,
        render: nameMarks(shown, 'audit-rule-bar-mark', 'data-rule', (rule) => rule.rule_id),
      }),
      Plot.ruleX([0]),
      Plot.text(shown, {
        x: 'amount_at_stake', y: ruleLabel, dx: 6, textAnchor: 'start', fill: COLOURS.total, className: 'audit-rule-label',
        text: (rule: AuditRuleSummary) => `${formatMoney(rule.amount_at_stake)} · ${findingsText(rule.findings)}`,
      }),
    ],
  });
}
