import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import type { ForecastDeals } from '../charts/forecast-style.ts';
import { formatCoverage, formatMoney, NO_VALUE } from '../lib/format.ts';
import type { WhereValue } from '../lib/records-link.ts';
import type { ForecastByOwner } from '../lib/view-reports.ts';
import { DataTable, type Column } from './data-table.tsx';

/** The records of a forecast figure narrowed to one team's or owner's deals. */
export type ScopedDealsHref = (deals: ForecastDeals, scope: Record<string, WhereValue>) => string;

/**
 * The records filters of a row: an owner row filters by owner (and team where known), a team row
 * by team; a team row for deals with no team has none, since the records list names that team
 * otherwise, so it has no drill-down.
 */
function rowScope(row: ForecastByOwner): Record<string, WhereValue> | undefined {
  if (row.level === 'owner') return row.team_value === null ? { owner: row.owner_value } : { owner: row.owner_value, team: row.team_value };
  return row.team_value === null ? undefined : { team: row.team_value };
}

/** Whether a figure has deals of its own to list: a link to an empty list would only disappoint. */
function hasDeals(row: ForecastByOwner, deals: ForecastDeals): boolean {
  if (deals === 'closed_won') return row.closed_won_deals > 0;
  if (deals === 'commit') return row.category_commit > row.closed_won;
  if (deals === 'best_case') return row.category_best_case > row.category_commit;
  return row.open_deals > 0;
}

/** A money figure that opens the deals behind it, or plain text where the row has no drill-down or no deals. */
function DealsMoney(props: { amount: number; deals: ForecastDeals; row: ForecastByOwner; dealsHref: ScopedDealsHref; title: string }) {
  const scope = () => (hasDeals(props.row, props.deals) ? rowScope(props.row) : undefined);
  return (
    <Show when={scope()} fallback={formatMoney(props.amount)}>
      {(where) => <A href={props.dealsHref(props.deals, where())} title={props.title} data-deals={props.deals}>{formatMoney(props.amount)}</A>}
    </Show>
  );
}

function coverageCell(row: ForecastByOwner): string {
  if (row.coverage_status === 'target met') return 'target met';
  return row.coverage_status === 'open' ? formatCoverage(row.coverage) : NO_VALUE;
}

function columns(dealsHref: ScopedDealsHref): Column<ForecastByOwner>[] {
  const money = (deals: ForecastDeals, title: string, amount: (row: ForecastByOwner) => number) =>
    (row: ForecastByOwner) => <DealsMoney amount={amount(row)} deals={deals} row={row} dealsHref={dealsHref} title={title} />;
  return [
    { header: 'Team / owner', testId: 'owner-name', cell: (row) => (row.level === 'team' ? row.team : row.owner) },
    { header: 'Closed won', testId: 'owner-closed-won', numeric: true, cell: money('closed_won', 'The deals won in the period', (row) => row.closed_won) },
    { header: 'Open pipeline', testId: 'owner-open-pipeline', numeric: true, cell: money('open_pipeline', 'The open deals closing in the period', (row) => row.open_pipeline) },
    { header: 'Weighted', testId: 'owner-weighted', numeric: true, cell: money('open_pipeline', 'The open deals it weights', (row) => row.weighted_pipeline) },
    { header: 'Commit', testId: 'owner-commit', numeric: true, cell: money('commit', 'The open deals in commit', (row) => row.category_commit) },
    { header: 'Best case', testId: 'owner-best-case', numeric: true, cell: money('best_case', 'The open deals in best case', (row) => row.category_best_case) },
    { header: 'Historical', testId: 'owner-historical', numeric: true, cell: (row) => <span title={row.historical_note ?? undefined}>{formatMoney(row.historical)}</span> },
    { header: 'Target', testId: 'owner-target', numeric: true, cell: (row) => formatMoney(row.target) },
    { header: 'Coverage', testId: 'owner-coverage', numeric: true, cell: coverageCell },
  ];
}

/**
 * The period's forecast by team, each team's owners beneath it (procedure forecast.view, table
 * byOwner); each figure of deals opens them in the records list.
 */
export function ForecastOwnerTable(props: { rows: ForecastByOwner[]; dealsHref: ScopedDealsHref }) {
  const note = () => props.rows.find((row) => row.historical === null)?.historical_note;
  return (
    <>
      <DataTable
        caption="Closed won and the open deals closing in the period, cumulative categories as above. Team rows add up to the company's figures; historical leaves out the bookings expected from deals not yet created, a company figure."
        testId="forecast-owner-table" rowTestId="forecast-owner-row" columns={columns(props.dealsHref)} rows={props.rows}
        rowAttributes={(row) => ({ 'data-level': row.level, 'data-team': row.team, ...(row.owner === null ? {} : { 'data-owner': row.owner }) })}
        rowClass={(row) => (row.level === 'team' ? 'team-row' : 'owner-row')}
      />
      <Show when={note()}>{(text) => <p class="muted" data-testid="forecast-owner-historical-note">Historical: {text()}.</p>}</Show>
    </>
  );
}
