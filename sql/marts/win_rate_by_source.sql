-- grain: one row per source, plus one total row (is_total), for opportunities closed in the period
-- key: source
-- reads: int_opportunities_as_of, int_leads_as_of, in_period, safe_ratio, wilson_low, wilson_high
-- materialized: macro(as_of, period_start, period_end)
-- Win rate = won / (won + lost) among opportunities closed in the period, by count (with a 95%
-- Wilson interval) and by amount (no interval). The source is the originating lead's (first
-- touch), else the opportunity's own (DESIGN section 5). A deal with no amount counts as 0 in amounts.
with opportunities as (
  select * from int_opportunities_as_of(as_of)
), leads as (
  select * from int_leads_as_of(as_of)
), originating_lead as (
  -- a lead names its opportunity, or an opportunity names its lead; one source per opportunity
  select system, opportunity_id, any_value(source) as lead_source from (
    select o.system, o.opportunity_id, l.source from opportunities o
    join leads l on l.system = o.system and l.lead_id = o.lead_id
    union all
    select l.system, l.converted_opportunity_id, l.source from leads l where l.converted_opportunity_id is not null
  ) where source is not null
  group by system, opportunity_id
), closed_in_period as (
  select
    o.*,
    coalesce(ol.lead_source, o.source, '(none)') as attributed_source,
    coalesce(o.amount, 0) as amount_or_zero
  from opportunities o
  left join originating_lead ol on ol.system = o.system and ol.opportunity_id = o.opportunity_id
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
