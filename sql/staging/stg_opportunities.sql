-- grain: one row per opportunity version (system, opportunity_id, valid_from)
-- key: system, opportunity_id, valid_from
-- reads: opportunities, stage_map, model_text_settings
-- The stage decides open, won or lost (DESIGN section 3); flags that disagree are audit findings.
-- Probability is normalised once, here, to a fraction 0..1, falling back to the stage default.
with opportunities as (
  select * from opportunities
), stage_map as (
  select * from stage_map
), policy as (
  select coalesce(max(value) filter (where name = 'probability_policy'), 'crm') as probability_policy from model_text_settings
), mapped as (
  select
    o.*,
    s.stage_order,
    not s.is_closed as is_open_stage,
    s.is_closed and s.is_won as is_won_stage,
    s.is_closed and not s.is_won as is_lost_stage,
    coalesce(o.probability / 100.0, s.default_probability) as win_probability,
    s.default_probability as stage_probability,
    -- the probability that weights the pipeline, by the configured policy
    case when (select probability_policy from policy) = 'stage' then s.default_probability
      else coalesce(o.probability / 100.0, s.default_probability) end as forecast_probability,
    coalesce(o.forecast_category, s.default_forecast_category) as forecast_category_or_stage,
    -- a closed deal closed on closed_at, else on its close date
    case when s.is_closed then coalesce(cast(o.closed_at as date), o.close_date) end as closed_on
  from opportunities o
  left join stage_map s on s.stage = o.stage
)
select * from mapped
