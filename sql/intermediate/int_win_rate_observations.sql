-- grain: one row per opportunity seen open at a snapshot of its system, with the quarter and cell
--        (stage, age bucket, point in the quarter) it was in then
-- key: system, opportunity_id, snapshot_date
-- reads: stg_opportunities, stg_leads, load_batches, deal_age_bucket, period_point_bucket
-- materialized: table
-- incremental: system, snapshot_date
-- The observations behind the historical win rates (DESIGN section 5, "historical"), before any
-- as-of date is chosen: int_historical_win_rates keeps the quarters known as of its date and
-- reads each deal's fate there. A deal open at several snapshots of a quarter counts once per
-- snapshot (observations = 1 per row, summed downstream), each time in the cell it was in then.
-- A table, built with the models: the join of every open version to every snapshot date is the
-- heavy part of the method. One row per snapshot, so a load of a system's snapshot rebuilds only
-- the rows of that system from that date on (pipelines/build-models.ts, "incremental").
with system_snapshots as (
  -- a deal is observed only at its own system's snapshots: another system's export date says
  -- nothing new about it
  select system, as_of as snapshot_date from load_batches where status = 'loaded'
  union
  -- the snapshot being loaded: a load rebuilds the models inside its transaction before it records
  -- its batch, so its date comes from the versions it has just written (sql/DECISIONS.md)
  select system, valid_from from stg_opportunities where batch_id not in (select batch_id from load_batches)
  union
  select system, valid_from from stg_leads where batch_id not in (select batch_id from load_batches)
), open_versions as (
  select system, opportunity_id, stage, created_at, valid_from, coalesce(valid_to, date '9999-12-31') as valid_until
  from stg_opportunities
  where is_open_stage
), seen as (
  select
    o.system, o.opportunity_id, o.stage, s.snapshot_date,
    cast(date_trunc('quarter', s.snapshot_date) as date) as quarter_start,
    date_diff('day', cast(o.created_at as date), s.snapshot_date) as age_days
  from open_versions o
  join system_snapshots s on s.system = o.system and s.snapshot_date >= o.valid_from and s.snapshot_date < o.valid_until
), cells as (
  select
    system, opportunity_id, snapshot_date, quarter_start, stage,
    deal_age_bucket(age_days) as age_bucket,
    period_point_bucket(date_diff('day', quarter_start, snapshot_date)) as point_bucket,
    1 as observations
  from seen
)
select * from cells
