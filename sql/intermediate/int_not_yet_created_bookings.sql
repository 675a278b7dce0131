-- grain: one row per past quarter the historical method learns from (int_history_quarters)
-- key: quarter_start
-- reads: int_history_quarters, int_opportunities_as_of, snapshots
-- materialized: macro(as_of_date, period_start)
-- The bookings a quarter got from deals not yet created at the point of the quarter the forecast
-- stands at (DESIGN section 5, "historical"; sql/DECISIONS.md). The point is the snapshot used as
-- of the date, counted in days from the forecast period's start (negative when the snapshot
-- precedes the period, as for a forecast as of its first day); in each past quarter, the
-- bookings are the amounts won within it (closed-on date inside it, as the snapshot used shows)
-- by deals created on or after its start plus that many days, a snapshot holding the deals
-- created before its day. Deals with no creation date are left out (when they began is unknown);
-- a missing amount counts as 0. A quarter with no such deal books 0, and counts.
with quarters as (
  select * from int_history_quarters(as_of_date)
), as_of_snapshot as (
  select max(as_of) as snapshot_date from snapshots where as_of <= cast(as_of_date as date)
), point as (
  select date_diff('day', cast(period_start as date), snapshot_date) as point_days from as_of_snapshot
), won as (
  select created_at, closed_on, coalesce(amount, 0) as amount
  from int_opportunities_as_of(as_of_date)
  where is_won_stage and created_at is not null
), bookings as (
  select
    q.quarter_start, q.quarter_end, p.point_days,
    coalesce(sum(w.amount), 0) as bookings,
    count(w.closed_on) as deals
  from quarters q
  cross join point p
  left join won w on w.closed_on between q.quarter_start and q.quarter_end
    and w.created_at >= q.quarter_start + p.point_days * interval 1 day
  group by all
)
select * from bookings
