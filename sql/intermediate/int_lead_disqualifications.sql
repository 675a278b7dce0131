-- grain: one row per lead whose version valid on the date is disqualified, with the day it was disqualified when known
-- key: system, lead_id
-- reads: stg_leads, load_batches
-- materialized: macro(as_of)
-- Leads carry no disqualification date, so it comes from the snapshots: the first snapshot that shows
-- the lead's current disqualification (known to the snapshot, like stage changes from snapshots).
-- It is unknown (null) when no earlier snapshot could have seen the lead open: its first version is
-- already disqualified and the system's previous snapshot was taken after the lead was created (or
-- there is none). A guess would bias time to convert, so such a lead is left out of durations and counted.
with versions as (
  select system, lead_id, created_at, status, valid_from, valid_to,
    -- a version that starts a run of disqualified versions
    status = 'disqualified' and lag(status) over (partition by system, lead_id order by valid_from) is distinct from 'disqualified' as starts_disqualification,
    min(valid_from) over (partition by system, lead_id) as first_seen_on
  from stg_leads
  where valid_from <= as_of
), snapshot_dates as (
  -- load_batches.as_of, qualified: a bare as_of would be this macro's parameter
  select distinct b.system, b.as_of as snapshot_date from load_batches b where b.status = 'loaded'
), current_disqualified as (
  select system, lead_id, created_at, first_seen_on
  from versions
  where (valid_to is null or valid_to > as_of) and status = 'disqualified'
), run_start as (
  -- the latest run of disqualified versions is the current one
  select d.system, d.lead_id, d.created_at, d.first_seen_on, max(v.valid_from) as disqualified_seen_on
  from current_disqualified d
  join versions v on v.system = d.system and v.lead_id = d.lead_id and v.starts_disqualification
  group by all
), with_previous_snapshot as (
  select r.*, (
    select max(s.snapshot_date) from snapshot_dates s where s.system = r.system and s.snapshot_date < r.disqualified_seen_on
  ) as previous_snapshot_on
  from run_start r
), dated as (
  select system, lead_id,
    case
      when disqualified_seen_on > first_seen_on then disqualified_seen_on
      -- first seen disqualified, but created after the snapshot before: disqualified between the two
      when previous_snapshot_on is not null and cast(created_at as date) > previous_snapshot_on then disqualified_seen_on
    end as disqualified_on
  from with_previous_snapshot
)
select * from dated
