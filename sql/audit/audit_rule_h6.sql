-- grain: one row per opportunity that breaks rule H6 as of the date
-- key: system, record_id
-- reads: int_opportunities_as_of
-- materialized: macro(as_of)
-- DESIGN section 6, H6: fields that contradict the stage, which decides open, won or lost (section 3).
-- Probability is the CRM's own field (percent 0-100), judged only where the CRM gave one: a missing
-- probability takes the stage default, which cannot contradict the stage. Likewise is_closed and
-- is_won are judged only where given (is_won must be false on an open or lost deal). One row per
-- deal, its evidence naming every contradiction found.
with opportunities as (
  select * from int_opportunities_as_of(as_of)
), contradictions as (
  select o.*,
    o.is_open_stage and o.probability = 0 as is_open_at_zero,
    o.is_won_stage and o.probability < 100 as is_won_below_100,
    o.is_lost_stage and o.probability > 0 as is_lost_above_zero,
    o.is_closed <> not o.is_open_stage as has_closed_flag_disagreeing,
    o.is_won <> o.is_won_stage as has_won_flag_disagreeing
  from opportunities o
), breaking as (
  select c.*,
    list_filter([
      case when c.is_open_at_zero then 'open_at_zero' end,
      case when c.is_won_below_100 then 'won_below_100' end,
      case when c.is_lost_above_zero then 'lost_above_zero' end,
      case when c.has_closed_flag_disagreeing then 'is_closed_disagrees' end,
      case when c.has_won_flag_disagreeing then 'is_won_disagrees' end
    ], name -> name is not null) as contradiction_names,
    case when c.is_open_stage then 'open' when c.is_won_stage then 'won' else 'lost' end as stage_outcome
  from contradictions c
  where c.is_open_at_zero or c.is_won_below_100 or c.is_lost_above_zero
    or c.has_closed_flag_disagreeing or c.has_won_flag_disagreeing
)
select
  b.system, 'opportunity' as record_kind, b.opportunity_id as record_id, 'H6' as rule_id, null::varchar as severity_override,
  b.owner, cast(b.amount as double) as amount_at_stake,
  json_object('stage', b.stage, 'probability', b.probability, 'is_closed', b.is_closed, 'is_won', b.is_won,
    'contradictions', b.contradiction_names)::varchar as evidence,
  'stage ' || b.stage || ' (' || b.stage_outcome || ') contradicted by ' || concat_ws(', ',
    case when b.is_open_at_zero or b.is_won_below_100 or b.is_lost_above_zero then 'probability ' || printf('%g', b.probability) || '%' end,
    case when b.has_closed_flag_disagreeing then 'is_closed ' || b.is_closed::varchar end,
    case when b.has_won_flag_disagreeing then 'is_won ' || b.is_won::varchar end) as why
from breaking b
