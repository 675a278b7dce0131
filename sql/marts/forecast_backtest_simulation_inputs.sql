-- grain: one row per backtest point (past quarter, day) and part of its Monte Carlo forecast
-- key: quarter_start, day, kind, system, opportunity_id, input_quarter_start
-- reads: int_history_quarters, snapshots, forecast_summary, forecast_simulation_inputs
-- materialized: macro(as_of_date)
-- The inputs of the Monte Carlo band at every point of the backtest (the points of
-- forecast_backtest_points: past quarters known as of the date, days 1, 15, 30, 45, 60, 75, each
-- with a snapshot on or before it) where the historical method gives a figure
-- (forecast_simulation_inputs has rows only there; DESIGN section 5, "Forecast accuracy
-- (backtest)"), beside the quarter's actual closed won as of the date, so
-- server/statistics/monte-carlo.ts can draw each band and count how often the actual fell inside.
with quarters as (
  select * from int_history_quarters(as_of_date)
), days as (
  select unnest([1, 15, 30, 45, 60, 75]) as day
), points as (
  select q.quarter_start, q.quarter_end, d.day, cast(q.quarter_start + (d.day - 1) * interval 1 day as date) as forecast_day
  from quarters q cross join days d
  -- a day before any snapshot gives no point
  where exists (select 1 from snapshots s where s.as_of <= cast(q.quarter_start + (d.day - 1) * interval 1 day as date))
), actuals as (
  select q.quarter_start, a.closed_won as actual
  from quarters q, lateral forecast_summary(as_of_date, q.quarter_start, q.quarter_end) a
), inputs as (
  select p.quarter_start, p.day, a.actual, i.kind, i.system, i.opportunity_id, i.quarter_start as input_quarter_start, i.amount, i.p
  from points p
  join actuals a on a.quarter_start = p.quarter_start
  cross join lateral forecast_simulation_inputs(p.forecast_day, p.quarter_start, p.quarter_end) i
)
select * from inputs
order by quarter_start, day, kind, system, opportunity_id, input_quarter_start
