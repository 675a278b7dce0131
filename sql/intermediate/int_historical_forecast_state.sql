-- grain: one row: whether the historical and Monte Carlo methods can forecast the period as of the date
-- key: (one row)
-- reads: snapshots, int_history_quarters
-- materialized: macro(as_of_date, period_start, period_end)
-- The methods that learn from past quarters forecast a calendar quarter standing inside it, with
-- at least 2 past quarters (int_history_quarters) to learn from (sql/DECISIONS.md). method_applies
-- says they give a figure; is_period_over that the quarter has ended at the snapshot used, so
-- the figure is what closed won; note says which, in words.
with as_of_snapshot as (
  select max(as_of) as snapshot_date from snapshots where as_of <= cast(as_of_date as date)
), history as (
  select count(*) as quarters_of_history from int_history_quarters(as_of_date)
), state as (
  select
    s.snapshot_date,
    h.quarters_of_history,
    h.quarters_of_history >= 2 as enough_history,
    -- a calendar quarter: the periods the methods learn from
    coalesce(cast(period_start as date) = date_trunc('quarter', cast(period_start as date))
      and cast(period_end as date) = cast(date_trunc('quarter', cast(period_start as date)) + interval 3 month - interval 1 day as date), false) as is_quarter,
    coalesce(cast(as_of_date as date) < cast(period_start as date), false) as is_before_period,
    coalesce(s.snapshot_date > cast(period_end as date), false) as is_period_over
  from as_of_snapshot s, history h
), described as (
  select *,
    is_quarter and not is_before_period and enough_history as method_applies,
    case
      when not is_quarter then 'the historical method forecasts calendar quarters'
      when is_before_period then 'the quarter has not begun on the as-of date'
      when not enough_history then 'not enough history: ' || quarters_of_history || ' past quarter(s) with snapshots, 2 needed'
      when is_period_over then 'the quarter is over: what closed won'
    end as note
  from state
)
select * from described
