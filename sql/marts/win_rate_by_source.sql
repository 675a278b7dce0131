-- grain: one row per source, plus one total row (is_total), for opportunities closed in the period
-- key: source
-- reads: int_opportunity_attribution, in_period, safe_ratio, wilson_low, wilson_high
-- materialized: macro(as_of, period_start, period_end)
-- Win rate = won / (won + lost) among opportunities closed in the period, by count (with a 95%
-- Wilson interval) and by amount (no interval). The source is the originating lead's (first
-- touch), else the opportunity's own (DESIGN section 5). A deal with no amount counts as 0 in amounts.
with opportunities as (
  select * from int_opportunity_attribution(as_of)
), closed_in_period as (
  select
    o.*,
    coalesce(o.amount, 0) as amount_or_zero
  from opportunities o
  where (o.is_won_stage or o.is_lost_stage)
    and in_period(o.closed_on, period_start, period_end)
), by_source as (
  select
    coalesce(attributed_source, 'All sources') as source,
    grouping(attributed_source) = 1 as is_total,
    count(*) filter (where is_won_stage) as won,
    count(*) filter (where is_lost_stage) as lost,
    count(*) as closed,
    coalesce(sum(amount_or_zero) filter (where is_won_stage), 0) as won_amount,
    coalesce(sum(amount_or_zero) filter (where is_lost_stage), 0) as lost_amount
  from closed_in_period
  group by grouping sets ((attributed_source), ())
), with_rates as (
  select
    *,
    safe_ratio(won, closed) as win_rate,
    wilson_low(won, closed) as win_rate_low,
    wilson_high(won, closed) as win_rate_high,
    safe_ratio(won_amount, won_amount + lost_amount) as win_rate_by_amount
  from by_source
)
select * from with_rates
order by is_total, closed desc, source
