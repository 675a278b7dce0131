-- grain: one row per rejected row problem (loads run with --allow-rejects)
-- key: batch_id, file, row, column
-- reads: rejected_rows
with rejected_rows as (
  select * from rejected_rows
)
select batch_id, system, strftime(as_of, '%Y-%m-%d') as as_of, file, "row" as row_number, "column" as column_name, value, problem
from rejected_rows
