-- grain: one row per source with any cost, lead or opportunity in the period, plus one total row (is_total)
-- key: source
-- reads: int_roi_by_group
-- materialized: macro(as_of, period_start, period_end)
-- Source quality and ROI (DESIGN section 5): cost spent in the period, leads and opportunities
-- created in it, deals won in it, conversion of its lead cohort, cohort ROI from revenue won to date.
-- Opportunities count under the originating lead's source, else their own.
with by_source as (
  select * from int_roi_by_group(as_of, period_start, period_end, 'source')
), described as (
  select
    coalesce(group_key, 'All sources') as source, is_total,
    cost, leads, cost_per_lead, opportunities, cost_per_opportunity, pipeline,
    won, lost, closed, won_revenue, new_business_won, cost_per_won_deal, roi,
    converted_leads, conversion_rate, conversion_low, conversion_high,
    win_rate, win_rate_low, win_rate_high, median_days_to_close,
    cohort_won, cohort_won_revenue, cohort_roi
  from by_source
)
select * from described
order by is_total, cost desc, leads desc, source
