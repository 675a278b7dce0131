-- grain: one row per loaded snapshot date from the period's start (or the first snapshot) to the as-of date
-- key: as_of
-- reads: snapshots, stg_opportunities, valid_on, in_period
-- materialized: macro(as_of_date, period_start, period_end)
-- How the forecast for one period moved snapshot by snapshot: the same figures as
-- forecast_summary (closed won, weighted pipeline, commit, best case, open pipeline), each computed
-- from the opportunity versions valid on that snapshot date.
with snapshot_dates as (
  select as_of as snapshot_date from snapshots
  where as_of <= cast(as_of_date as date) and (period_start is null or as_of >= cast(period_start as date) - interval 13 week)
), versions as (
  select d.snapshot_date, o.*, coalesce(o.amount, 0) as amount_or_zero
  from snapshot_dates d
  join stg_opportunities o on valid_on(o.valid_from, o.valid_to, d.snapshot_date)
), by_snapshot as (
  select
    snapshot_date,
    coalesce(sum(amount_or_zero) filter (where is_won_stage and in_period(closed_on, period_start, period_end)), 0) as closed_won,
    coalesce(sum(amount_or_zero) filter (where is_open_stage and in_period(close_date, period_start, period_end)), 0) as open_pipeline,
    coalesce(sum(amount_or_zero * forecast_probability) filter (where is_open_stage and in_period(close_date, period_start, period_end)), 0) as weighted_open,
    coalesce(sum(amount_or_zero) filter (where is_open_stage and in_period(close_date, period_start, period_end) and forecast_category_or_stage = 'commit'), 0) as commit_open,
    coalesce(sum(amount_or_zero) filter (where is_open_stage and in_period(close_date, period_start, period_end) and forecast_category_or_stage = 'best_case'), 0) as best_case_open
  from versions
  group by snapshot_date
), figures as (
  select
    strftime(snapshot_date, '%Y-%m-%d') as snapshot_date, closed_won, open_pipeline,
    closed_won + weighted_open as weighted_pipeline,
    closed_won + commit_open as category_commit,
    closed_won + commit_open + best_case_open as category_best_case
  from by_snapshot
)
select * from figures
order by snapshot_date
