import { For } from 'solid-js';
import type { AuditQuarter } from '../lib/view-reports.ts';

/** How a quarter's audit reads in the picker: under way as of the as-of snapshot, or as of its quarter-end snapshot. */
export function quarterLabel(quarter: AuditQuarter): string {
  return quarter.is_complete
    ? `${quarter.quarter} (as of its quarter-end snapshot ${quarter.snapshot_date})`
    : `${quarter.quarter} (under way, as of ${quarter.snapshot_date})`;
}

/** The quarter audited (procedure audit.view, table quarters), newest first; a choice goes to the URL. */
export function AuditQuarterSelect(props: { quarters: AuditQuarter[]; value: string; onChange: (quarter: string) => void }) {
  const newestFirst = () => [...props.quarters].reverse();
  return (
    <label class="filter-field audit-quarter">
      <span class="filter-label">Quarter audited</span>
      <select data-testid="audit-quarter" onChange={(event) => props.onChange(event.currentTarget.value)}>
        <For each={newestFirst()}>{(quarter) => <option value={quarter.quarter} selected={quarter.quarter === props.value}>{quarterLabel(quarter)}</option>}</For>
      </select>
    </label>
  );
}
