-- grain: one row per forecasting method: the period's forecast by it as of the snapshot
-- key: method
-- reads: forecast_summary, forecast_historical
-- materialized: macro(as_of_date, period_start, period_end)
-- DESIGN section 5, "Forecast for a period", one figure per method beside each other: weighted
-- pipeline, commit and best case (forecast_summary), historical (forecast_historical), and
-- Monte Carlo, whose P10 / P50 / P90 server/statistics/monte-carlo.ts draws from
-- forecast_simulation_inputs (figure = its P50; null here). The methods that read only the
-- current pipeline need no history (enough_history true); the two that learn from past
-- quarters say when they have too little.
with summary as (
  select * from forecast_summary(as_of_date, period_start, period_end)
), historical as (
  select * from forecast_historical(as_of_date, period_start, period_end)
), methods as (
  select 1 as method_order, 'weighted' as method, s.weighted_pipeline as figure, true as enough_history,
    'closed won + amount x probability of the open deals closing in the period' as note
  from summary s
  union all
  select 2, 'commit', s.category_commit, true, 'closed won + open deals in the commit category closing in the period' from summary s
  union all
  select 3, 'best_case', s.category_best_case, true, 'closed won + open deals in the commit and best case categories closing in the period' from summary s
  union all
  select 4, 'historical', h.figure, h.enough_history, h.note from historical h
  union all
  select 5, 'monte_carlo', null, h.enough_history,
    case when h.figure is null then h.note
      else 'P10 / P50 / P90 of seeded simulation runs: each open deal wins with its historical win rate, plus one past quarter''s bookings from deals not yet created; figure = P50' end
  from historical h
), shaped as (
  select method, figure, null::double as p10, null::double as p50, null::double as p90, enough_history, note, method_order
  from methods
)
select * exclude (method_order) from shaped
order by method_order
