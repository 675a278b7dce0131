-- grain: one row per campaign with any cost, lead or opportunity in the period, plus one total row (is_total)
-- key: system, campaign_id
-- reads: int_roi_by_group, campaigns, valid_on
-- materialized: macro(as_of, period_start, period_end)
-- Campaign quality and ROI (DESIGN section 5), as source_roi: each campaign's cost counts once, for
-- the days of the period it ran, however many deals it won. Leads count under their own campaign,
-- opportunities under the originating lead's campaign, else their own. A campaign id that no
-- campaign record names still gets its row (no name, no cost), so no lead goes missing.
with by_campaign as (
  select * from int_roi_by_group(as_of, period_start, period_end, 'campaign')
), campaigns as (
  select system, campaign_id, name, source, started_on, ended_on, cost from campaigns where valid_on(valid_from, valid_to, as_of)
), described as (
  select
    case when g.is_total then '' else g.group_system end as system,
    coalesce(g.group_key, 'All campaigns') as campaign_id,
    g.is_total,
    c.name, coalesce(c.source, case when not g.is_total then '(none)' end) as source,
    c.started_on, c.ended_on, cast(c.cost as double) as total_cost,
    g.cost, g.leads, g.cost_per_lead, g.opportunities, g.cost_per_opportunity, g.pipeline,
    g.won, g.lost, g.closed, g.won_revenue, g.new_business_won, g.cost_per_won_deal, g.roi,
    g.converted_leads, g.conversion_rate, g.conversion_low, g.conversion_high,
    g.win_rate, g.win_rate_low, g.win_rate_high, g.median_days_to_close,
    g.cohort_won, g.cohort_won_revenue, g.cohort_roi
  from by_campaign g
  left join campaigns c on c.system = g.group_system and c.campaign_id = g.group_key
)
select * from described
order by is_total, cost desc, leads desc, campaign_id
