-- grain: one row per past quarter the historical method learns from, as of a date
-- key: quarter_start
-- reads: snapshots
-- materialized: macro(as_of_date)
-- A quarter counts (DESIGN section 5, "historical"; sql/DECISIONS.md) when at least one snapshot
-- was taken inside it and it ended before the snapshot used as of the date (the latest on or
-- before it), so every deal's fate within it is known in that snapshot. outcome_snapshot is that
-- snapshot; quarters the first snapshot only reaches into count too.
with snapshot_dates as (
  select as_of as snapshot_date from snapshots
), as_of_snapshot as (
  select max(snapshot_date) as snapshot_date from snapshot_dates where snapshot_date <= cast(as_of_date as date)
), quarters_with_snapshots as (
  select cast(date_trunc('quarter', snapshot_date) as date) as quarter_start, count(*) as snapshots
  from snapshot_dates
  group by 1
), known as (
  select
    q.quarter_start,
    cast(q.quarter_start + interval 3 month - interval 1 day as date) as quarter_end,
    q.snapshots,
    a.snapshot_date as outcome_snapshot
  from quarters_with_snapshots q, as_of_snapshot a
  where q.quarter_start + interval 3 month - interval 1 day < a.snapshot_date
)
select * from known
