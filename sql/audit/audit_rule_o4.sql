-- grain: one row per opportunity that breaks rule O4 as of the date
-- key: system, record_id
-- reads: int_opportunities_as_of, model_setting
-- materialized: macro(as_of)
-- DESIGN section 6, O4: an open deal whose close date is audit_o4_days_past or more days before the
-- as-of snapshot. A deal with no close date has nothing past due and is left out here. Closed deals
-- break no O rule.
with opportunities as (
  select * from int_opportunities_as_of(as_of)
), breaking as (
  select o.*, date_diff('day', o.close_date, cast(as_of as date)) as days_past_close
  from opportunities o
  where o.is_open_stage
    and date_diff('day', o.close_date, cast(as_of as date)) >= model_setting('audit_o4_days_past')
)
select
  b.system, 'opportunity' as record_kind, b.opportunity_id as record_id, 'O4' as rule_id, null::varchar as severity_override,
  b.owner, cast(b.amount as double) as amount_at_stake,
  json_object('stage', b.stage, 'close_date', b.close_date)::varchar as evidence,
  'open in ' || b.stage || ' with close date ' || strftime(b.close_date, '%Y-%m-%d') || ', ' || b.days_past_close || ' days past' as why
from breaking b
