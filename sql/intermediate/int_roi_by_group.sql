-- grain: one row per group (a source, or a campaign) plus one total row (is_total), for the period
-- key: group_system, group_key
-- reads: int_roi_facts, safe_ratio, wilson_low, wilson_high
-- materialized: macro(as_of, period_start, period_end, group_by)
-- The figures of DESIGN section 5 "Source quality and ROI", grouped by source (group_by = 'source':
-- group_system is '' and group_key the source) or by campaign ('campaign': the campaign's system and
-- id; facts without a campaign are left out). Shared by source_roi and campaign_roi so both count alike.
with facts as (
  select
    *,
    case when group_by = 'source' then '' else system end as group_system,
    case when group_by = 'source' then source else campaign_id end as group_key
  from int_roi_facts(as_of, period_start, period_end)
), grouped_facts as (
  select * from facts where group_key is not null
), sums as (
  select
    group_system, group_key,
    grouping(group_system, group_key) > 0 as is_total,
    round(coalesce(sum(cost) filter (where fact = 'cost'), 0), 2) as cost,
    count(*) filter (where fact = 'lead') as leads,
    count(*) filter (where fact = 'lead' and is_converted) as converted_leads,
    count(*) filter (where fact = 'created_opportunity') as opportunities,
    coalesce(sum(amount) filter (where fact = 'created_opportunity'), 0) as pipeline,
    count(*) filter (where fact = 'closed_opportunity' and is_won) as won,
    count(*) filter (where fact = 'closed_opportunity' and is_lost) as lost,
    count(*) filter (where fact = 'closed_opportunity') as closed,
    coalesce(sum(amount) filter (where fact = 'closed_opportunity' and is_won), 0) as won_revenue,
    count(*) filter (where fact = 'closed_opportunity' and is_new_business_won) as new_business_won,
    quantile_cont(days_to_close, 0.5) filter (where fact = 'closed_opportunity' and is_won) as median_days_to_close,
    count(*) filter (where fact = 'cohort_won') as cohort_won,
    coalesce(sum(amount) filter (where fact = 'cohort_won'), 0) as cohort_won_revenue
  from grouped_facts
  group by grouping sets ((group_system, group_key), ())
), with_rates as (
  select
    *,
    -- no cost recorded means no cost figure, not a free lead: the cost ratios and ROI are null at cost 0
    case when cost > 0 then round(cost / nullif(leads, 0), 2) end as cost_per_lead,
    case when cost > 0 then round(cost / nullif(opportunities, 0), 2) end as cost_per_opportunity,
    case when cost > 0 then round(cost / nullif(new_business_won, 0), 2) end as cost_per_won_deal,
    case when cost > 0 then (won_revenue - cost) / cost end as roi,
    case when cost > 0 then (cohort_won_revenue - cost) / cost end as cohort_roi,
    safe_ratio(converted_leads, leads) as conversion_rate,
    wilson_low(converted_leads, leads) as conversion_low,
    wilson_high(converted_leads, leads) as conversion_high,
    safe_ratio(won, closed) as win_rate,
    wilson_low(won, closed) as win_rate_low,
    wilson_high(won, closed) as win_rate_high
  from sums
  -- a campaign that ran in another period, or a source with nothing in this one, is no row of it
  where is_total or cost > 0 or leads > 0 or opportunities > 0 or closed > 0 or cohort_won > 0
)
select * from with_rates
