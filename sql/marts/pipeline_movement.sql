-- grain: one row per opportunity in the open pipeline closing in the period at the start snapshot,
--        at the end snapshot, or at both
-- key: system, opportunity_id
-- reads: int_opportunity_pipeline_as_of, stg_opportunities
-- materialized: macro(from_date, to_date, period_start, period_end)
-- Pipeline movement (DESIGN section 5): each deal in exactly one movement, with the amount it adds
-- to the open pipeline (negative: takes from it); the rules and their order are in sql/DECISIONS.md.
-- A deal that leaves counts at its start amount, one that enters at its end amount, one in both by
-- its change, so start + sum(amount) = end to the cent (amounts stay DECIMAL(18,2) throughout).
-- A deal in both with no change is kept as `unchanged` (amount 0): it is part of start and end.
with at_start as (
  select * from int_opportunity_pipeline_as_of(from_date, period_start, period_end)
), at_end as (
  select * from int_opportunity_pipeline_as_of(to_date, period_start, period_end)
), seen_before_start as (
  -- a deal with a version before the start snapshot existed then, even if absent at it (deleted, then restored)
  select distinct system, opportunity_id from stg_opportunities where valid_from < from_date
), paired as (
  select
    coalesce(e.system, s.system) as system,
    coalesce(e.opportunity_id, s.opportunity_id) as opportunity_id,
    coalesce(e.name, s.name) as name,
    coalesce(e.owner, s.owner) as owner,
    coalesce(e.created_at, s.created_at) as created_at,
    s.opportunity_id is not null as exists_at_start,
    e.opportunity_id is not null as exists_at_end,
    coalesce(s.is_in_pipeline, false) as is_in_start,
    coalesce(e.is_in_pipeline, false) as is_in_end,
    b.opportunity_id is not null as was_seen_before_start,
    s.stage as start_stage, e.stage as end_stage,
    s.forecast_category as start_forecast_category, e.forecast_category as end_forecast_category,
    s.close_date as start_close_date, e.close_date as end_close_date,
    s.pipeline_amount as start_amount, e.pipeline_amount as end_amount,
    s.is_open as start_is_open, s.is_omitted as start_is_omitted,
    e.is_won as end_is_won, e.is_lost as end_is_lost, e.is_omitted as end_is_omitted
  from at_start s
  full join at_end e on e.system = s.system and e.opportunity_id = s.opportunity_id
  left join seen_before_start b on b.system = coalesce(e.system, s.system) and b.opportunity_id = coalesce(e.opportunity_id, s.opportunity_id)
  -- only deals counted at one date or the other move the pipeline
  where coalesce(s.is_in_pipeline, false) or coalesce(e.is_in_pipeline, false)
), categorised as (
  select
    *,
    case
      when is_in_start and is_in_end then
        case when end_amount > start_amount then 'increased' when end_amount < start_amount then 'decreased' else 'unchanged' end
      -- leaves: the state at the end date says why, in this order
      when is_in_start then
        case when not exists_at_end then 'other_out' when end_is_won then 'won' when end_is_lost then 'lost'
          when end_is_omitted then 'other_out' else 'pushed_out' end
      -- enters: the state at the start date says from where, in this order
      else
        case
          when not exists_at_start and not was_seen_before_start and (created_at is null or cast(created_at as date) >= from_date) then 'created'
          when not exists_at_start then 'other_in'
          when not start_is_open then 'other_in'
          when start_is_omitted then 'other_in'
          else 'pulled_in'
        end
    end as category,
    case
      when is_in_start and is_in_end then null
      when is_in_start then
        case when not exists_at_end then 'deleted' when end_is_won or end_is_lost then null when end_is_omitted then 'now omitted' end
      else
        case
          when not exists_at_start and not was_seen_before_start and (created_at is null or cast(created_at as date) >= from_date) then null
          when not exists_at_start and was_seen_before_start then 'restored'
          when not exists_at_start then 'first loaded'
          when not start_is_open then 'reopened'
          when start_is_omitted then 'no longer omitted'
        end
    end as detail
  from paired
), with_amounts as (
  select
    * exclude (start_is_open, start_is_omitted, end_is_won, end_is_lost, end_is_omitted),
    -- what the deal adds to the open pipeline: leaving at its start amount, entering at its end amount
    case
      when is_in_start and is_in_end then end_amount - start_amount
      when is_in_start then -start_amount
      else end_amount
    end as amount
  from categorised
)
select * from with_amounts
