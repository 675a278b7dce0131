-- grain: one row per loaded snapshot date (across systems)
-- key: as_of
-- reads: load_batches
-- The dates a view can be "as of": a requested date resolves to the latest of these on or before it.
with load_batches as (
  select * from load_batches where status = 'loaded'
), dates as (
  select as_of, list(distinct system order by system) as systems, sum(rows_loaded) as rows_loaded
  from load_batches
  group by as_of
)
select * from dates
order by as_of
