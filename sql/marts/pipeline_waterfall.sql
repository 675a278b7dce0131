-- grain: one row per step of the pipeline waterfall, in waterfall order (start, movements, end)
-- key: step
-- reads: pipeline_movement
-- materialized: macro(from_date, to_date, period_start, period_end)
-- The open pipeline closing in the period at the start snapshot, each movement's total (signed:
-- entries and increases positive, exits and decreases negative) and the open pipeline at the end
-- snapshot. bar_start..bar_end is where each bar floats: totals from 0, movements from the running
-- total before them to the one after, so the last movement ends exactly at the end total.
with movements as (
  select * from pipeline_movement(from_date, to_date, period_start, period_end)
), steps as (
  select * from (values
    (1, 'start', 'Start', 'total'),
    (2, 'created', 'Created', 'entry'),
    (3, 'pulled_in', 'Pulled in', 'entry'),
    (4, 'increased', 'Increased', 'entry'),
    (5, 'decreased', 'Decreased', 'exit'),
    (6, 'won', 'Won', 'exit'),
    (7, 'lost', 'Lost', 'exit'),
    (8, 'pushed_out', 'Pushed out', 'exit'),
    (9, 'other_in', 'Other in', 'entry'),
    (10, 'other_out', 'Other out', 'exit'),
    (11, 'end', 'End', 'total')
  ) as step_list(step_order, step, label, direction)
), step_totals as (
  select 'start' as step, count(*) filter (where is_in_start) as deals,
    coalesce(sum(start_amount) filter (where is_in_start), 0) as amount
  from movements
  union all
  select 'end', count(*) filter (where is_in_end), coalesce(sum(end_amount) filter (where is_in_end), 0)
  from movements
  union all
  select category, count(*), sum(amount) from movements where category <> 'unchanged' group by category
), filled as (
  -- every step is shown, with 0 deals where nothing moved that way
  select s.step_order, s.step, s.label, s.direction,
    coalesce(t.deals, 0) as deals,
    cast(coalesce(t.amount, 0) as decimal(38, 2)) as amount
  from steps s
  left join step_totals t on t.step = s.step
), running as (
  select *,
    sum(amount) filter (where step = 'start') over () as start_amount,
    sum(case when direction = 'total' then 0 else amount end) over (order by step_order rows between unbounded preceding and current row) as moved_so_far
  from filled
), bars as (
  select step_order, step, label, direction, deals, amount,
    case when direction = 'total' then 0 else start_amount + moved_so_far - amount end as bar_start,
    case when direction = 'total' then amount else start_amount + moved_so_far end as bar_end
  from running
)
select * from bars
order by step_order
