-- grain: one row per open opportunity as of the date, with its historical win probability
-- key: system, opportunity_id
-- reads: int_opportunities_as_of, int_historical_win_rates, snapshots, deal_age_bucket, period_point_bucket
-- materialized: macro(as_of_date, period_start, min_observations := 20)
-- Every open deal (whatever its close date, or none: a later one can be pulled in, DESIGN
-- section 5, "historical") placed in its cell as the snapshot used as of the date shows it: age
-- from creation to that snapshot, point from the period's start to it; p is that cell's rate
-- from int_historical_win_rates (with its fallback). A missing amount counts as 0.
with opportunities as (
  select * from int_opportunities_as_of(as_of_date) where is_open_stage
), as_of_snapshot as (
  select max(as_of) as snapshot_date from snapshots where as_of <= cast(as_of_date as date)
), rates as (
  select * from int_historical_win_rates(as_of_date, min_observations := min_observations)
), cells as (
  select
    o.system, o.opportunity_id, o.stage, o.created_at, o.close_date, o.amount, coalesce(o.amount, 0) as amount_or_zero,
    deal_age_bucket(date_diff('day', cast(o.created_at as date), s.snapshot_date)) as age_bucket,
    period_point_bucket(date_diff('day', cast(period_start as date), s.snapshot_date)) as point_bucket
  from opportunities o
  cross join as_of_snapshot s
), priced as (
  select c.*, r.p, r.p_level
  from cells c
  left join rates r on r.stage = c.stage and r.age_bucket = c.age_bucket and r.point_bucket = c.point_bucket
)
select * from priced
