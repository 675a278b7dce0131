-- grain: one row per system
-- key: system
-- reads: load_batches
-- materialized: macro(today)
-- How old each system's data is: days from its latest snapshot to today (a parameter, so the
-- model gives the same answer on the same data).
with loaded as (
  select * from load_batches where status = 'loaded'
), by_system as (
  select
    system, any_value(crm order by as_of desc) as crm, count(*) as snapshots,
    strftime(min(as_of), '%Y-%m-%d') as first_as_of, max(as_of) as latest
  from loaded
  group by system
), aged as (
  select * exclude (latest), strftime(latest, '%Y-%m-%d') as latest_as_of, date_diff('day', latest, cast(today as date)) as days_since_latest
  from by_system
)
select * from aged
order by system
