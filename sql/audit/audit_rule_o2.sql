-- grain: one row per opportunity that breaks rule O2 as of the date
-- key: system, record_id
-- reads: int_opportunities_as_of, stage_map
-- materialized: macro(as_of)
-- DESIGN section 6, O2: no decision maker identified and budget not confirmed, in a stage after
-- qualification (needs_analysis or later). Both flags must be other than true: an unknown flag
-- counts as not confirmed, and either one confirmed clears the deal. "Later" is read from the
-- stage order in stage_map (config), so a reordered stage map moves the line with it. Closed deals
-- break no O rule, so the closed stages past needs_analysis never count.
with opportunities as (
  select * from int_opportunities_as_of(as_of)
), first_stage_after_qualification as (
  select stage_order from stage_map where stage = 'needs_analysis'
), breaking as (
  select o.*
  from opportunities o
  where o.is_open_stage
    and o.stage_order >= (select stage_order from first_stage_after_qualification)
    and o.decision_maker_identified is not true
    and o.budget_confirmed is not true
)
select
  b.system, 'opportunity' as record_kind, b.opportunity_id as record_id, 'O2' as rule_id, null::varchar as severity_override,
  b.owner, cast(b.amount as double) as amount_at_stake,
  json_object('stage', b.stage, 'decision_maker_identified', b.decision_maker_identified,
    'budget_confirmed', b.budget_confirmed)::varchar as evidence,
  'in ' || b.stage || ' with no decision maker identified (' || coalesce(b.decision_maker_identified::varchar, 'unknown')
    || ') and budget not confirmed (' || coalesce(b.budget_confirmed::varchar, 'unknown') || ')' as why
from breaking b
