-- grain: one row per quarter with a snapshot inside it, up to the as-of date
-- key: quarter
-- reads: snapshots
-- materialized: macro(as_of_date)
-- DESIGN section 6, "The audit is quarterly": a quarter's audit runs as of its quarter-end
-- snapshot, the latest snapshot on or before the quarter's last day (and inside the quarter).
-- The quarter holding the as-of date is still under way: its audit runs as of the as-of
-- snapshot itself (is_complete false).
with snapshot_dates as (
  select as_of as snapshot_date, date_trunc('quarter', as_of) as quarter_start
  from snapshots
  where as_of <= cast(as_of_date as date)
), quarters as (
  select
    quarter_start,
    cast(quarter_start + interval 3 month - interval 1 day as date) as quarter_end,
    max(snapshot_date) as snapshot_date
  from snapshot_dates
  group by quarter_start
)
select
  strftime(quarter_start, '%Y') || '-Q' || quarter(quarter_start) as quarter,
  cast(quarter_start as date) as quarter_start,
  quarter_end,
  snapshot_date,
  quarter_end <= cast(as_of_date as date) as is_complete
from quarters
order by quarter_start
