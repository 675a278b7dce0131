-- grain: one row comparing the lead -> opportunity conversion of two sources' lead cohorts in the period
-- key: source_a, source_b
-- reads: source_roi, safe_ratio
-- materialized: macro(as_of, period_start, period_end, source_a, source_b)
-- The counts, rates and pooled two-proportion z statistic of DESIGN section 5's comparison of two
-- sources; the p-value and the leads needed for 80% power need the normal distribution, which
-- server/statistics/two-proportion.ts supplies. Counts are source_roi's, so the panel and the table agree.
with sources as (
  select * from source_roi(as_of, period_start, period_end) where not is_total
), pair as (
  select
    source_a as source_a, source_b as source_b,
    coalesce(a.leads, 0) as leads_a, coalesce(a.converted_leads, 0) as converted_a,
    a.conversion_rate as conversion_a, a.conversion_low as conversion_low_a, a.conversion_high as conversion_high_a,
    coalesce(b.leads, 0) as leads_b, coalesce(b.converted_leads, 0) as converted_b,
    b.conversion_rate as conversion_b, b.conversion_low as conversion_low_b, b.conversion_high as conversion_high_b
  from (select 1) as one
  left join sources a on a.source = source_a
  left join sources b on b.source = source_b
), pooled as (
  select
    *,
    conversion_a - conversion_b as difference,
    safe_ratio(converted_a + converted_b, leads_a + leads_b) as pooled_rate
  from pair
), with_z as (
  select
    *,
    -- pooled z = (p_a - p_b) / sqrt(p (1 - p) (1/n_a + 1/n_b)); none when either cohort is empty,
    -- or when every lead or none converted (no variance to test against)
    case when leads_a > 0 and leads_b > 0 and pooled_rate > 0 and pooled_rate < 1
      then sqrt(pooled_rate * (1 - pooled_rate) * (1.0 / leads_a + 1.0 / leads_b)) end as standard_error
  from pooled
), with_statistic as (
  select *, difference / standard_error as z from with_z
)
select * from with_statistic
