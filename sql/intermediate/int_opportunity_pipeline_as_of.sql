-- grain: one row per opportunity that exists as of the date, with whether it counts in the open
--        pipeline closing in the period then
-- key: system, opportunity_id
-- reads: int_opportunities_as_of, in_period
-- materialized: macro(as_of, period_start, period_end)
-- The open pipeline closing in the period (DESIGN section 5, pipeline movement; sql/DECISIONS.md):
-- an open stage, a close date in the period (any date or none for the period all), and a forecast
-- category other than omitted (an unknown category counts). A deal with no amount counts as 0.
with opportunities as (
  select * from int_opportunities_as_of(as_of)
), classified as (
  select
    system, opportunity_id, name, owner, created_at, stage, forecast_category, close_date, amount,
    coalesce(amount, 0) as pipeline_amount,
    -- a stage missing from the stage map is refused at load; coalesce keeps a null from spreading
    coalesce(is_open_stage, false) as is_open,
    coalesce(is_won_stage, false) as is_won,
    coalesce(is_lost_stage, false) as is_lost,
    coalesce(forecast_category = 'omitted', false) as is_omitted,
    -- an open deal with no close date closes in no period but `all`
    coalesce(in_period(close_date, period_start, period_end), false) as closes_in_period
  from opportunities
), counted as (
  select *, is_open and not is_omitted and closes_in_period as is_in_pipeline
  from classified
)
select * from counted
