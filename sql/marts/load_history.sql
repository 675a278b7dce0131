-- grain: one row per load batch (each snapshot loaded, and those later replaced)
-- key: batch_id
-- reads: load_batches
with load_batches as (
  select * from load_batches
), described as (
  select
    batch_id, system, crm, strftime(as_of, '%Y-%m-%d') as as_of, status,
    rows_loaded, rows_rejected, records_created, records_changed, records_deleted,
    strftime(started_at, '%Y-%m-%dT%H:%M:%SZ') as started_at,
    round(epoch(ended_at) - epoch(started_at), 2) as seconds,
    cast(files as varchar) as files
  from load_batches
)
select * from described
