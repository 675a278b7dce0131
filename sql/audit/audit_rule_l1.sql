-- grain: one row per lead that breaks rule L1 as of the date
-- key: system, record_id
-- reads: int_leads_as_of, int_lead_estimated_values, model_setting
-- materialized: macro(as_of)
-- DESIGN section 6, L1: budget, authority, need and timeline all confirmed true (unknown is not
-- confirmed), the lead not converted, and created audit_l1_days or more before the as-of
-- snapshot. A disqualified lead has left the funnel by a rep's decision and breaks no L rule.
-- Amount at stake: the lead's estimated value as an opportunity (DOUBLE, as every rule's, so the
-- rules union without a cast).
with leads_as_of as (
  select * from int_leads_as_of(as_of)
), breaking as (
  select l.*, date_diff('day', cast(l.created_at as date), cast(as_of as date)) as days_since_created
  from leads_as_of l
  where l.budget_confirmed and l.authority_confirmed and l.need_confirmed and l.timeline_confirmed
    and not l.has_converted
    and coalesce(l.status, '') <> 'disqualified'
    and date_diff('day', cast(l.created_at as date), cast(as_of as date)) >= model_setting('audit_l1_days')
)
select
  b.system, 'lead' as record_kind, b.lead_id as record_id, 'L1' as rule_id, null::varchar as severity_override,
  b.owner, cast(e.estimated_value as double) as amount_at_stake,
  json_object('status', b.status, 'created_at', b.created_at, 'budget_confirmed', b.budget_confirmed,
    'authority_confirmed', b.authority_confirmed, 'need_confirmed', b.need_confirmed,
    'timeline_confirmed', b.timeline_confirmed)::varchar as evidence,
  'BANT all confirmed, status ' || coalesce(b.status, 'unknown') || ', not converted ' || b.days_since_created || ' days after creation' as why
from breaking b
left join int_lead_estimated_values(as_of) e on e.system = b.system and e.lead_id = b.lead_id
