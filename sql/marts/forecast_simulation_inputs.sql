-- grain: one row per part of the Monte Carlo forecast: the closed won so far, each open deal,
--        each past quarter's bookings from deals not yet created
-- key: kind, system, opportunity_id, quarter_start
-- reads: int_historical_forecast_state, int_opportunities_as_of, int_historical_deal_probabilities, int_not_yet_created_bookings, in_period
-- materialized: macro(as_of_date, period_start, period_end)
-- What server/statistics/monte-carlo.ts draws from (DESIGN section 5, "Monte Carlo"): every
-- open deal wins with its historical p (no separate slip draw: p already holds it), plus one past
-- quarter's not-yet-created bookings drawn at random, on top of the closed won so far. The same
-- parts as forecast_historical, whose figure is their expectation, and rows only where it has a
-- figure (int_historical_forecast_state): open deals and past quarters only while the quarter
-- is under way, just the closed won once it is over.
with state as (
  select * from int_historical_forecast_state(as_of_date, period_start, period_end)
), deals as materialized (
  select * from int_historical_deal_probabilities(as_of_date, period_start)
), simulated as (
  -- as forecast_historical: no figure while some open deal has no p (no deal ever seen open)
  select method_applies and (is_period_over or not exists (select 1 from deals where p is null)) as is_simulated, is_period_over
  from state
), closed_won as (
  select 'closed_won' as kind, null as system, null as opportunity_id, null::date as quarter_start,
    coalesce(sum(coalesce(amount, 0)), 0) as amount, 1.0 as p
  from int_opportunities_as_of(as_of_date)
  where is_won_stage and in_period(closed_on, period_start, period_end)
), open_deals as (
  select 'open_deal' as kind, d.system, d.opportunity_id, null::date as quarter_start, d.amount_or_zero as amount, d.p
  from deals d, simulated s
  where not s.is_period_over
), not_yet_created as (
  select 'not_yet_created' as kind, null as system, null as opportunity_id, b.quarter_start, b.bookings as amount, null::double as p
  from int_not_yet_created_bookings(as_of_date, period_start) b, simulated s
  where not s.is_period_over
), inputs as (
  select * from closed_won
  union all select * from open_deals
  union all select * from not_yet_created
)
select i.* from inputs i, simulated s
where s.is_simulated
order by kind, system, opportunity_id, quarter_start
