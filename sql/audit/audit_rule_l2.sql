-- grain: one row per lead that breaks rule L2 as of the date
-- key: system, record_id
-- reads: int_leads_as_of, int_lead_estimated_values, model_setting
-- materialized: macro(as_of)
-- DESIGN section 6, L2: any one opportunity signal on a lead (a budget amount, an expected
-- decision date, or status qualified), the lead not converted, and created audit_l2_days or more
-- before the as-of snapshot. A budget amount of 0 is no budget (as in int_lead_estimated_values).
-- A disqualified lead has left the funnel by a rep's decision and breaks no L rule.
-- Amount at stake: the lead's estimated value as an opportunity (its budget amount where it has one).
with leads_as_of as (
  select * from int_leads_as_of(as_of)
), signalled as (
  select l.*,
    date_diff('day', cast(l.created_at as date), cast(as_of as date)) as days_since_created,
    coalesce(l.budget_amount > 0, false) as has_budget_amount,
    l.expected_decision_date is not null as has_decision_date,
    coalesce(l.status = 'qualified', false) as is_qualified
  from leads_as_of l
), breaking as (
  select * from signalled
  where (has_budget_amount or has_decision_date or is_qualified)
    and not has_converted
    and coalesce(status, '') <> 'disqualified'
    and days_since_created >= model_setting('audit_l2_days')
)
select
  b.system, 'lead' as record_kind, b.lead_id as record_id, 'L2' as rule_id, null::varchar as severity_override,
  b.owner, cast(e.estimated_value as double) as amount_at_stake,
  json_object('status', b.status, 'created_at', b.created_at, 'budget_amount', b.budget_amount,
    'expected_decision_date', b.expected_decision_date)::varchar as evidence,
  concat_ws(', ',
    case when b.has_budget_amount then 'budget amount ' || b.budget_amount end,
    case when b.has_decision_date then 'expected decision ' || b.expected_decision_date end,
    'status ' || coalesce(b.status, 'unknown'))
    || ', not converted ' || b.days_since_created || ' days after creation' as why
from breaking b
left join int_lead_estimated_values(as_of) e on e.system = b.system and e.lead_id = b.lead_id
