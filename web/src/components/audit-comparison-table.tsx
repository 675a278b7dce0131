import { For, Show } from 'solid-js';
import type { AuditComparison } from '../lib/view-reports.ts';
import { CountLink } from './count-link.tsx';

interface ComparedQuarter { quarter: string; audit_date: string; is_complete: boolean }
/** The findings list of one quarter's audit and rule, or of those resolved since. */
export type ComparisonHref = (quarter: string, ruleId: string, since?: 'resolved') => string;

// The quarters in the order the server lists them (oldest first), each once.
function quartersOf(rows: AuditComparison[]): ComparedQuarter[] {
  const seen = new Map<string, ComparedQuarter>();
  for (const row of rows) if (!seen.has(row.quarter)) seen.set(row.quarter, { quarter: row.quarter, audit_date: row.audit_date, is_complete: row.is_complete });
  return [...seen.values()];
}

/**
 * Quarter against quarter (procedure audit.view, table comparison): per rule, each quarter's
 * findings as of its audit snapshot and, for quarters past, how many no longer hold as of the
 * as-of snapshot (fixed in the CRM since). Rules are in `ruleOrder`, the rules table's order;
 * a rule with no finding in any of the quarters is left out.
 */
export function AuditComparisonTable(props: { rows: AuditComparison[]; ruleOrder: string[]; asOf: string; href: ComparisonHref }) {
  const quarters = () => quartersOf(props.rows);
  const ruleIds = () => props.ruleOrder.filter((ruleId) => props.rows.some((row) => row.rule_id === ruleId && row.findings > 0));
  const cell = (quarter: string, ruleId: string) => props.rows.find((row) => row.quarter === quarter && row.rule_id === ruleId);
  const titleOf = (ruleId: string) => props.rows.find((row) => row.rule_id === ruleId)?.title ?? '';
  return (
    <>
      <p class="table-caption">Findings of each quarter's audit, as of its snapshot; "resolved since": of those, how many no longer hold as of {props.asOf}. Rules with no finding in any of these quarters are left out. A count opens its findings.</p>
      <div class="table-scroll">
        <table class="data-table audit-comparison" data-testid="audit-comparison-table" aria-label="Findings quarter against quarter">
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>Rule</th>
              <For each={quarters()}>
                {(quarter) => (
                  <th scope="colgroup" colSpan={quarter.is_complete ? 2 : 1} class="numeric quarter-head" data-quarter={quarter.quarter}>
                    {quarter.quarter}<span class="quarter-date">{quarter.is_complete ? `as of ${quarter.audit_date}` : `under way, ${quarter.audit_date}`}</span>
                  </th>
                )}
              </For>
            </tr>
            <tr>
              <For each={quarters()}>
                {(quarter) => (
                  <>
                    <th scope="col" class="numeric">Findings</th>
                    <Show when={quarter.is_complete}><th scope="col" class="numeric">Resolved since</th></Show>
                  </>
                )}
              </For>
            </tr>
          </thead>
          <tbody>
            <For each={ruleIds()}>
              {(ruleId) => (
                <tr data-testid="audit-comparison-row" data-rule={ruleId}>
                  <td><strong>{ruleId}</strong> {titleOf(ruleId)}</td>
                  <For each={quarters()}>
                    {(quarter) => (
                      <>
                        <td class="numeric" data-testid="comparison-findings" data-quarter={quarter.quarter}>
                          <CountLink count={cell(quarter.quarter, ruleId)?.findings ?? 0} href={props.href(quarter.quarter, ruleId)} label={`${ruleId} findings in ${quarter.quarter}`} />
                        </td>
                        <Show when={quarter.is_complete}>
                          <td class="numeric" data-testid="comparison-resolved" data-quarter={quarter.quarter}>
                            <CountLink count={cell(quarter.quarter, ruleId)?.resolved ?? 0} href={props.href(quarter.quarter, ruleId, 'resolved')} label={`${ruleId} findings of ${quarter.quarter} resolved since`} />
                          </td>
                        </Show>
                      </>
                    )}
                  </For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </>
  );
}
