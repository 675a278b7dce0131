-- grain: one row per lead that breaks rule H2 as of the date
-- key: system, record_id
-- reads: int_leads_as_of, int_lead_estimated_values, model_setting
-- materialized: macro(as_of)
-- DESIGN section 6, H2 (stale): a lead never worked audit_h2_days or more after its creation.
-- Worked = an activity after creation (last_activity_at later than created_at) or a status beyond
-- new; an unknown status is not beyond new, so it counts as not worked like an unknown BANT flag
-- counts as not confirmed. A converted lead was worked, whatever its status says. A lead with
-- no creation date cannot be aged and is left out.
-- Amount at stake: the lead's estimated value as an opportunity.
with leads_as_of as (
  select * from int_leads_as_of(as_of)
), breaking as (
  select l.*, date_diff('day', cast(l.created_at as date), cast(as_of as date)) as days_since_created
  from leads_as_of l
  where coalesce(l.status, 'new') = 'new'
    and not coalesce(l.last_activity_at > l.created_at, false)
    and not l.has_converted
    and date_diff('day', cast(l.created_at as date), cast(as_of as date)) >= model_setting('audit_h2_days')
)
select
  b.system, 'lead' as record_kind, b.lead_id as record_id, 'H2' as rule_id, null::varchar as severity_override,
  b.owner, cast(e.estimated_value as double) as amount_at_stake,
  json_object('status', b.status, 'created_at', b.created_at, 'last_activity_at', b.last_activity_at)::varchar as evidence,
  'status ' || coalesce(b.status, 'unknown') || ', no activity since creation, ' || b.days_since_created || ' days after creation' as why
from breaking b
left join int_lead_estimated_values(as_of) e on e.system = b.system and e.lead_id = b.lead_id
