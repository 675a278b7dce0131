import { Show } from 'solid-js';
import { formatCount, formatSentence } from '../lib/format.ts';
import type { DataCheck } from '../lib/view-reports.ts';
import { DataTable, type Column } from './data-table.tsx';

const COLUMNS: Column<DataCheck>[] = [
  { header: 'System', testId: 'check-system', cell: (check) => check.system },
  { header: 'Check', testId: 'check-description', cell: (check) => <span class="wrap" title={check.check_name}>{formatSentence(check.description)}</span> },
  { header: 'Records', testId: 'check-records', numeric: true, cell: (check) => formatCount(check.records) },
];

const attributes = (check: DataCheck) => ({ 'data-system': check.system, 'data-check': check.check_name });

/**
 * What the loader accepted but a reader should know, as of the snapshot (procedure data.view,
 * table checks): checks that found records first, the ones that found none folded away.
 */
export function DataChecks(props: { checks: DataCheck[]; asOf: string }) {
  const found = () => props.checks.filter((check) => check.records > 0);
  const clear = () => props.checks.filter((check) => check.records === 0);
  return (
    <>
      <Show when={props.checks.length > 0} fallback={<p class="muted">No checks ran: no records as of {props.asOf}.</p>}>
        <Show when={found().length > 0} fallback={<p class="all-clear" data-testid="checks-all-clear">Every check passed: no unresolved references or missing values as of {props.asOf}.</p>}>
          <DataTable
            caption={`Records as of ${props.asOf} that the figures leave out or treat specially. They were loaded; nothing was dropped.`}
            testId="checks-table"
            rowTestId="check-row"
            columns={COLUMNS}
            rows={found()}
            rowClass={() => 'check-found'}
            rowAttributes={attributes}
          />
        </Show>
        <Show when={clear().length > 0}>
          <details class="checks-clear" data-testid="checks-clear">
            <summary>{formatCount(clear().length)} {clear().length === 1 ? 'check' : 'checks'} found nothing</summary>
            <DataTable caption="Checks with no records." testId="checks-clear-table" rowTestId="check-clear-row" columns={COLUMNS} rows={clear()} rowAttributes={attributes} />
          </details>
        </Show>
      </Show>
    </>
  );
}
