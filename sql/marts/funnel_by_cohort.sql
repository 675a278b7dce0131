-- grain: one row per lead cohort month (leads created in the period, by month of creation)
-- key: cohort_month ('(no date)' for leads without created_at, only with period all)
-- reads: int_lead_funnel_steps, in_period, safe_ratio, wilson_low, wilson_high
-- materialized: macro(as_of, period_start, period_end, source_filter)
-- Conversion is the share of the cohort converted by the as-of date (DESIGN section 5);
-- lead -> won the share whose converted opportunity is won by then. Beside it, conversion within
-- 30, 60 and 90 days of creation, so young cohorts compare fairly: null for a cohort some of whose
-- leads have not had N days yet (sql/DECISIONS.md).
with funnel_steps as (
  select * from int_lead_funnel_steps(as_of)
), cohort_leads as (
  select
    *,
    -- converted_at - created_at <= N days; a conversion with no converted_at is in no window
    has_converted and converted_at <= created_at + interval 30 day as is_converted_30d,
    has_converted and converted_at <= created_at + interval 60 day as is_converted_60d,
    has_converted and converted_at <= created_at + interval 90 day as is_converted_90d
  from funnel_steps
  where in_period(created_at, period_start, period_end)
    and (source_filter is null or source_name = source_filter)
), by_cohort as (
  select
    coalesce(cohort_month, '(no date)') as cohort_month,
    count(*) as leads,
    count(*) filter (where reached_mql) as mqls,
    count(*) filter (where reached_sql) as sqls,
    count(*) filter (where reached_opportunity) as opportunities,
    count(*) filter (where reached_won) as won,
    count(*) filter (where has_converted and converted_at is null) as converted_undated,
    count(*) filter (where is_converted_30d) as converted_30d_all,
    count(*) filter (where is_converted_60d) as converted_60d_all,
    count(*) filter (where is_converted_90d) as converted_90d_all
  from cohort_leads
  group by all
), cohort_age as (
  -- the last day a lead of this cohort can have been created: the month's end, or the period's
  -- end where the period cuts the month short; '(no date)' has none, so no window
  select
    *,
    case when cohort_month <> '(no date)' then least(
      last_day(cast(cohort_month || '-01' as date)),
      coalesce(cast(period_end as date), last_day(cast(cohort_month || '-01' as date)))
    ) end as last_created_on
  from by_cohort
), windows as (
  -- a window counts only when every lead of the cohort had its N days by the as-of date
  select
    * exclude (converted_30d_all, converted_60d_all, converted_90d_all),
    case when last_created_on + 30 <= cast(as_of as date) then converted_30d_all end as converted_30d,
    case when last_created_on + 60 <= cast(as_of as date) then converted_60d_all end as converted_60d,
    case when last_created_on + 90 <= cast(as_of as date) then converted_90d_all end as converted_90d
  from cohort_age
), with_rates as (
  -- the Wilson functions clamp with greatest/least, which skip a null: a window with no count gets no interval
  select
    cohort_month, leads, mqls, sqls, opportunities, won,
    safe_ratio(opportunities, leads) as conversion_rate,
    wilson_low(opportunities, leads) as conversion_low,
    wilson_high(opportunities, leads) as conversion_high,
    safe_ratio(won, leads) as lead_to_won_rate,
    wilson_low(won, leads) as lead_to_won_low,
    wilson_high(won, leads) as lead_to_won_high,
    converted_undated,
    converted_30d,
    safe_ratio(converted_30d, leads) as conversion_30d_rate,
    case when converted_30d is not null then wilson_low(converted_30d, leads) end as conversion_30d_low,
    case when converted_30d is not null then wilson_high(converted_30d, leads) end as conversion_30d_high,
    converted_60d,
    safe_ratio(converted_60d, leads) as conversion_60d_rate,
    case when converted_60d is not null then wilson_low(converted_60d, leads) end as conversion_60d_low,
    case when converted_60d is not null then wilson_high(converted_60d, leads) end as conversion_60d_high,
    converted_90d,
    safe_ratio(converted_90d, leads) as conversion_90d_rate,
    case when converted_90d is not null then wilson_low(converted_90d, leads) end as conversion_90d_low,
    case when converted_90d is not null then wilson_high(converted_90d, leads) end as conversion_90d_high
  from windows
)
select * from with_rates
order by cohort_month
