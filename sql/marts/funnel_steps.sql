-- grain: one row per funnel step (lead, mql, sql, opportunity, won) for the leads created in the period
-- key: step
-- reads: int_lead_funnel_steps, in_period, safe_ratio, wilson_low, wilson_high
-- materialized: macro(as_of, period_start, period_end, source_filter)
-- Step rate is "percent of previous step"; cumulative rate is from the first step (DESIGN section 5).
with funnel_steps as (
  select * from int_lead_funnel_steps(as_of)
), cohort_leads as (
  select * from funnel_steps
  where in_period(created_at, period_start, period_end)
    and (source_filter is null or source_name = source_filter)
), totals as (
  select
    count(*) as lead,
    count(*) filter (where reached_mql) as mql,
    count(*) filter (where reached_sql) as sql,
    count(*) filter (where reached_opportunity) as opportunity,
    count(*) filter (where reached_won) as won
  from cohort_leads
), steps as (
  select 1 as step_order, 'lead' as step, lead as records, null::bigint as previous_records, lead as first_records from totals
  union all select 2, 'mql', mql, lead, lead from totals
  union all select 3, 'sql', sql, mql, lead from totals
  union all select 4, 'opportunity', opportunity, sql, lead from totals
  union all select 5, 'won', won, opportunity, lead from totals
), with_rates as (
  select
    *,
    safe_ratio(records, previous_records) as step_rate,
    wilson_low(records, previous_records) as step_low,
    wilson_high(records, previous_records) as step_high,
    safe_ratio(records, first_records) as cumulative_rate,
    wilson_low(records, first_records) as cumulative_low,
    wilson_high(records, first_records) as cumulative_high
  from steps
)
select * from with_rates
order by step_order
