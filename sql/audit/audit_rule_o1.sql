-- grain: one row per opportunity that breaks rule O1 as of the date
-- key: system, record_id
-- reads: int_opportunities_as_of, model_setting
-- materialized: macro(as_of)
-- DESIGN section 6, O1: an open deal with no amount, or amount zero, created audit_o1_days or more
-- before the as-of snapshot. Closed deals break no O rule; a deal with no creation date cannot be
-- aged and is left out (DESIGN section 3: a record lacking a date a figure needs is left out).
-- Amount at stake: the deal's amount (0 or null, which is the point of the finding).
with opportunities as (
  select * from int_opportunities_as_of(as_of)
), breaking as (
  select o.*, date_diff('day', cast(o.created_at as date), cast(as_of as date)) as days_since_created
  from opportunities o
  where o.is_open_stage
    and coalesce(o.amount, 0) = 0
    and date_diff('day', cast(o.created_at as date), cast(as_of as date)) >= model_setting('audit_o1_days')
)
select
  b.system, 'opportunity' as record_kind, b.opportunity_id as record_id, 'O1' as rule_id, null::varchar as severity_override,
  b.owner, cast(b.amount as double) as amount_at_stake,
  json_object('stage', b.stage, 'created_at', b.created_at, 'amount', b.amount)::varchar as evidence,
  'open in ' || b.stage || ' with ' || case when b.amount is null then 'no amount' else 'amount 0' end
    || ', ' || b.days_since_created || ' days after creation' as why
from breaking b
