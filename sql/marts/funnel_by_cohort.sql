-- grain: one row per lead cohort month (leads created in the period, by month of creation)
-- key: cohort_month ('(no date)' for leads without created_at, only with period all)
-- reads: int_lead_funnel_steps, in_period, safe_ratio, wilson_low, wilson_high
-- materialized: macro(as_of, period_start, period_end, source_filter)
-- Conversion is the share of the cohort converted by the as-of date (DESIGN section 5);
-- lead -> won the share whose converted opportunity is won by then.
with funnel_steps as (
  select * from int_lead_funnel_steps(as_of)
), cohort_leads as (
  select * from funnel_steps
  where in_period(created_at, period_start, period_end)
    and (source_filter is null or source_name = source_filter)
), by_cohort as (
  select
    coalesce(cohort_month, '(no date)') as cohort_month,
    count(*) as leads,
    count(*) filter (where reached_mql) as mqls,
    count(*) filter (where reached_sql) as sqls,
    count(*) filter (where reached_opportunity) as opportunities,
    count(*) filter (where reached_won) as won
  from cohort_leads
  group by all
), with_rates as (
  select
    *,
    safe_ratio(opportunities, leads) as conversion_rate,
    wilson_low(opportunities, leads) as conversion_low,
    wilson_high(opportunities, leads) as conversion_high,
    safe_ratio(won, leads) as lead_to_won_rate,
    wilson_low(won, leads) as lead_to_won_low,
    wilson_high(won, leads) as lead_to_won_high
  from by_cohort
)
select * from with_rates
order by cohort_month
