import { Show } from 'solid-js';
import { formatDay, formatMoney, formatRoi } from '../lib/format.ts';
import type { CampaignRoi } from '../lib/view-reports.ts';
import { CountLink } from './count-link.tsx';
import { DataTable, type Column } from './data-table.tsx';
import { RateWithInterval } from './rate-with-interval.tsx';
import { campaignLeadsHref, campaignOpportunitiesHref, campaignWonHref, type ReportScope } from './roi-record-links.ts';
import { createShowAll, ShowAllButton } from './show-all.tsx';

// Campaigns come costliest first; beyond these a reader asks for the rest.
const FIRST_CAMPAIGNS = 10;

const campaignName = (row: CampaignRoi) => (row.is_total ? row.campaign_id : row.name ?? row.campaign_id);

/** `C1 · web · Mar 2 – Apr 30, 2026`: the campaign's id, source and days, under its name. */
function campaignDetail(row: CampaignRoi): string {
  const sameYear = row.started_on?.slice(0, 4) === row.ended_on?.slice(0, 4);
  const days = row.started_on && row.ended_on ? `${formatDay(row.started_on, { withYear: !sameYear })} – ${formatDay(row.ended_on)}` : 'no dates';
  return [row.campaign_id, row.source, days].filter(Boolean).join(' · ');
}

function CampaignCell(props: { row: CampaignRoi }) {
  return (
    <>
      <span data-testid="campaign-title">{campaignName(props.row)}</span>
      <Show when={!props.row.is_total}><br /><span class="muted" data-testid="campaign-detail">{campaignDetail(props.row)}</span></Show>
    </>
  );
}

/** The cost spent in the period and, where the period saw only part of it, the campaign's whole cost. */
function CostCell(props: { row: CampaignRoi }) {
  return (
    <>
      <span data-testid="campaign-cost-in-period">{formatMoney(props.row.cost)}</span>
      <Show when={!props.row.is_total && props.row.total_cost !== null && props.row.total_cost !== props.row.cost}>
        <br /><span class="muted" data-testid="campaign-total-cost">of {formatMoney(props.row.total_cost)}</span>
      </Show>
    </>
  );
}

function columns(scope: ReportScope): Column<CampaignRoi>[] {
  return [
    { header: 'Campaign', testId: 'campaign-name', cell: (row) => <CampaignCell row={row} /> },
    { header: 'Cost', testId: 'campaign-cost', numeric: true, cell: (row) => <CostCell row={row} /> },
    { header: 'Leads', testId: 'campaign-leads', numeric: true, cell: (row) => <CountLink count={row.leads} href={campaignLeadsHref(scope, row)} label={`Leads of ${campaignName(row)}`} /> },
    {
      header: 'Opps.', testId: 'campaign-opportunities', numeric: true,
      cell: (row) => <CountLink count={row.opportunities} href={campaignOpportunitiesHref(scope, row)} label={`Opportunities of ${campaignName(row)}`} />,
    },
    { header: 'Won', testId: 'campaign-won', numeric: true, cell: (row) => <CountLink count={row.won} href={campaignWonHref(scope, row)} label={`Deals won from ${campaignName(row)}`} /> },
    { header: 'Won revenue', testId: 'campaign-won-revenue', numeric: true, cell: (row) => formatMoney(row.won_revenue) },
    { header: 'CAC', testId: 'campaign-cac', numeric: true, cell: (row) => formatMoney(row.cost_per_won_deal) },
    { header: 'ROI', testId: 'campaign-roi', numeric: true, cell: (row) => formatRoi(row.roi) },
    {
      header: 'Conversion (95% CI)', testId: 'campaign-conversion', numeric: true,
      cell: (row) => <RateWithInterval rate={row.conversion_rate} low={row.conversion_low} high={row.conversion_high} />,
    },
    { header: 'Cohort ROI', testId: 'campaign-cohort-roi', numeric: true, cell: (row) => formatRoi(row.cohort_roi) },
  ];
}

/**
 * Campaign quality and ROI (procedure sources.view, table campaigns): each campaign's cost counted
 * once, for the days of the period it ran. The costliest first, the rest on request, the total
 * always last. A row opens the campaign's leads.
 */
export function CampaignRoiTable(props: { rows: CampaignRoi[]; scope: ReportScope }) {
  const campaigns = () => props.rows.filter((row) => !row.is_total);
  const capped = createShowAll(campaigns, FIRST_CAMPAIGNS);
  // The total stays under whatever part of the list is shown: it is every campaign's.
  const shown = () => [...capped.visible(), ...props.rows.filter((row) => row.is_total)];
  return (
    <>
      <DataTable
        caption="Cost: each campaign's cost counted once, spread over the days it ran, for the days in the period (under it, its whole cost when the period saw only part). Leads by their campaign, deals by their originating lead's campaign. Click a row for its leads."
        testId="campaign-table"
        rowTestId="campaign-row"
        columns={columns(props.scope)}
        rows={shown()}
        rowAttributes={(row) => ({ 'data-campaign': row.campaign_id, 'data-total': String(row.is_total) })}
        rowClass={(row) => (row.is_total ? 'total-row' : '')}
        rowHref={(row) => campaignLeadsHref(props.scope, row)}
      />
      <ShowAllButton
        total={campaigns().length} hidden={capped.hidden()} limit={FIRST_CAMPAIGNS} showingAll={capped.showingAll()} onToggle={capped.toggle}
        noun="campaigns" first="costliest" testId="campaigns-show-all"
      />
    </>
  );
}
