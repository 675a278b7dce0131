-- grain: one row per past quarter, day of the quarter and method: the forecast made that day
--        and what the quarter closed won
-- key: quarter_start, day, method
-- reads: int_history_quarters, snapshots, forecast_summary, forecast_historical
-- materialized: macro(as_of_date)
-- DESIGN section 5, "Forecast accuracy (backtest)": every past quarter with snapshots, known as
-- of the date (int_history_quarters: ended before the snapshot used), forecast as of its day 1,
-- 15, 30, 45, 60 and 75 (day 1 = its first day) by each method, from the latest snapshot on or
-- before that day (a day before any snapshot gives no point), against the quarter's actual
-- closed won as the snapshot used as of the date shows it. The historical method learns only
-- from quarters known on that day, so its early points may have no figure (forecast null).
-- ape = |actual - forecast| / actual, null where the actual is 0 (left out of the mean, counted
-- in forecast_backtest).
with quarters as (
  select * from int_history_quarters(as_of_date)
), days as (
  select unnest([1, 15, 30, 45, 60, 75]) as day
), points as (
  select q.quarter_start, q.quarter_end, d.day, cast(q.quarter_start + (d.day - 1) * interval 1 day as date) as forecast_day
  from quarters q cross join days d
), with_snapshot as (
  select p.*, (select max(s.as_of) from snapshots s where s.as_of <= p.forecast_day) as snapshot_date
  from points p
), usable as (
  select * from with_snapshot where snapshot_date is not null
), actuals as (
  select q.quarter_start, a.closed_won as actual
  from quarters q, lateral forecast_summary(as_of_date, q.quarter_start, q.quarter_end) a
), simple_methods as (
  select u.quarter_start, u.day, f.weighted_pipeline, f.category_commit, f.category_best_case
  from usable u, lateral forecast_summary(u.forecast_day, u.quarter_start, u.quarter_end) f
), historical as (
  select u.quarter_start, u.day, h.figure as historical
  from usable u, lateral forecast_historical(u.forecast_day, u.quarter_start, u.quarter_end) h
), by_method as (
  select u.quarter_start, u.quarter_end, u.day, u.forecast_day, u.snapshot_date, m.method, m.method_order, m.forecast, a.actual
  from usable u
  join simple_methods s on s.quarter_start = u.quarter_start and s.day = u.day
  join historical h on h.quarter_start = u.quarter_start and h.day = u.day
  join actuals a on a.quarter_start = u.quarter_start
  cross join lateral (values
    ('weighted', 1, s.weighted_pipeline),
    ('commit', 2, s.category_commit),
    ('best_case', 3, s.category_best_case),
    ('historical', 4, h.historical)
  ) m(method, method_order, forecast)
), scored as (
  select *,
    forecast - actual as error,
    case when actual > 0 and forecast is not null then abs(actual - forecast) / actual end as ape
  from by_method
)
select * from scored
order by quarter_start, day, method_order
