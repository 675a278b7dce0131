-- grain: one row per method and day of the quarter: how accurate its past forecasts were
-- key: method, day
-- reads: forecast_backtest_points, safe_ratio
-- materialized: macro(as_of_date)
-- DESIGN section 5, "Forecast accuracy (backtest)", over forecast_backtest_points: per method
-- and day, quarters = past quarters with a forecast that day (a historical forecast lacking
-- history is left out and counted in quarters_without_forecast); mape = mean of |actual -
-- forecast| / actual over them, leaving out (and counting in quarters_without_actual) those
-- that closed nothing; wape = sum |actual - forecast| / sum actual and bias = sum (forecast -
-- actual) / sum actual over all of them (null when nothing closed). The monte_carlo rows carry
-- the points a band can be drawn for (those where the historical method has a figure); how often
-- the actual fell inside its P10-P90 (band_inside, band_share) and the runs drawn per point
-- (band_runs) are filled in by server/statistics/monte-carlo.ts, which draws the bands
-- (sql/marts/forecast_backtest_simulation_inputs.sql).
with points as materialized (
  select * from forecast_backtest_points(as_of_date)
), methods as (
  select * from (values ('weighted', 1), ('commit', 2), ('best_case', 3), ('historical', 4), ('monte_carlo', 5)) m(method, method_order)
), days as (
  select unnest([1, 15, 30, 45, 60, 75]) as day
), scored as (
  select
    method, day,
    count(*) filter (where forecast is not null) as quarters,
    count(*) filter (where forecast is null) as quarters_without_forecast,
    count(*) filter (where forecast is not null and not actual > 0) as quarters_without_actual,
    avg(ape) as mape,
    safe_ratio(sum(abs(actual - forecast)) filter (where forecast is not null), sum(actual) filter (where forecast is not null)) as wape,
    safe_ratio(sum(forecast - actual) filter (where forecast is not null), sum(actual) filter (where forecast is not null)) as bias
  from points
  group by method, day
), band_points as (
  -- the Monte Carlo band exists where the historical method gives a figure
  select 'monte_carlo' as method, day, count(*) filter (where forecast is not null) as quarters, count(*) filter (where forecast is null) as quarters_without_forecast
  from points where method = 'historical'
  group by day
), accuracy as (
  select
    m.method, d.day, m.method_order,
    coalesce(s.quarters, b.quarters, 0) as quarters,
    coalesce(s.quarters_without_forecast, b.quarters_without_forecast, 0) as quarters_without_forecast,
    case when m.method <> 'monte_carlo' then coalesce(s.quarters_without_actual, 0) end as quarters_without_actual,
    s.mape, s.wape, s.bias,
    null::bigint as band_inside,
    null::double as band_share,
    null::integer as band_runs
  from methods m
  cross join days d
  left join scored s on s.method = m.method and s.day = d.day
  left join band_points b on b.method = m.method and b.day = d.day
)
select * exclude (method_order) from accuracy
order by method_order, day
