-- grain: one row: the historical forecast for the period as of the snapshot
-- key: (one row)
-- reads: int_historical_forecast_state, int_opportunities_as_of, int_historical_deal_probabilities, int_not_yet_created_bookings, in_period
-- materialized: macro(as_of_date, period_start, period_end, min_observations := 20)
-- DESIGN section 5, "historical": closed won so far + every open deal's amount x p (deals
-- closing after the period too: they can be pulled in; p from int_historical_win_rates, learned
-- only from quarters known as of the date) + the bookings expected from deals not yet created
-- (the mean over the past quarters of int_not_yet_created_bookings). The method forecasts a
-- quarter standing inside it (int_historical_forecast_state, sql/DECISIONS.md): for another
-- period, a quarter not yet begun, or fewer than 2 past quarters with snapshots, figure is null
-- and note says why; for a quarter already over, the figure is what closed won.
with state as (
  select * from int_historical_forecast_state(as_of_date, period_start, period_end)
), closed_won as (
  select count(*) as deals, coalesce(sum(coalesce(amount, 0)), 0) as amount
  from int_opportunities_as_of(as_of_date)
  where is_won_stage and in_period(closed_on, period_start, period_end)
), open_deals as (
  select
    count(*) as deals,
    coalesce(sum(amount_or_zero), 0) as amount,
    sum(amount_or_zero * p) as expected,
    count(*) filter (where p is null) as deals_without_p,
    count(*) filter (where p_level = 'cell') as deals_priced_by_cell,
    count(*) filter (where p_level = 'stage') as deals_priced_by_stage,
    count(*) filter (where p_level = 'all') as deals_priced_by_all
  from int_historical_deal_probabilities(as_of_date, period_start, min_observations := min_observations)
), not_yet_created as (
  select avg(bookings) as expected from int_not_yet_created_bookings(as_of_date, period_start)
), forecast as (
  select
    st.snapshot_date as as_of,
    cast(period_start as date) as period_start,
    cast(period_end as date) as period_end,
    st.quarters_of_history,
    st.enough_history,
    w.deals as closed_won_deals,
    w.amount as closed_won,
    o.deals as open_deals,
    o.amount as open_amount,
    o.deals_priced_by_cell, o.deals_priced_by_stage, o.deals_priced_by_all,
    case when st.method_applies and not st.is_period_over then coalesce(o.expected, 0) end as expected_from_open,
    case when st.method_applies and not st.is_period_over then n.expected end as expected_not_yet_created,
    case
      when not st.method_applies then null
      when st.is_period_over then w.amount
      -- a deal with no p: no open deal was seen in any past quarter
      when o.deals_without_p > 0 then null
      else w.amount + coalesce(o.expected, 0) + n.expected
    end as figure,
    coalesce(st.note, case
      when o.deals_without_p > 0 then 'no open deal was seen in the past quarters, so no win rate is known'
      else 'closed won + open deals x historical win rate + bookings from deals not yet created (mean of ' || st.quarters_of_history || ' past quarters)'
    end) as note
  from state st, closed_won w, open_deals o, not_yet_created n
)
select * from forecast
