-- grain: one row per lead that breaks rule L3 as of the date
-- key: system, record_id
-- reads: int_leads_as_of, int_lead_scores, int_lead_estimated_values, model_setting
-- materialized: macro(as_of)
-- DESIGN section 6, L3: the lead's audit score (int_lead_scores: the configured points score, or
-- the CRM's score where config says so) at or above audit_l3_score, the lead not converted, and
-- no activity in the last audit_l3_idle_days days. Only an activity after creation counts (DESIGN:
-- "worked"); a lead with none recorded has been idle since it was created, and one with neither
-- an activity nor a creation date cannot be aged and is left out. A disqualified lead has left
-- the funnel by a rep's decision and breaks no L rule.
-- The score is not in the evidence: its recency points fall as the as-of date moves on, so it
-- would change the evidence of a record nobody touched. The stored activity fields are there
-- instead, and the score goes in the sentence.
-- Amount at stake: the lead's estimated value as an opportunity.
with leads_as_of as (
  select * from int_leads_as_of(as_of)
), scores as (
  select system, lead_id, audit_score from int_lead_scores(as_of)
), idle as (
  select l.*, s.audit_score,
    coalesce(l.last_activity_at > l.created_at or (l.created_at is null and l.last_activity_at is not null), false) as has_worked_activity,
    -- the last activity that counts as work, else creation: idle since then
    case when has_worked_activity then l.last_activity_at else l.created_at end as idle_since
  from leads_as_of l
  join scores s on s.system = l.system and s.lead_id = l.lead_id
), breaking as (
  select *, date_diff('day', cast(idle_since as date), cast(as_of as date)) as days_idle
  from idle
  where audit_score >= model_setting('audit_l3_score')
    and not has_converted
    and coalesce(status, '') <> 'disqualified'
    and date_diff('day', cast(idle_since as date), cast(as_of as date)) >= model_setting('audit_l3_idle_days')
)
select
  b.system, 'lead' as record_kind, b.lead_id as record_id, 'L3' as rule_id, null::varchar as severity_override,
  b.owner, cast(e.estimated_value as double) as amount_at_stake,
  json_object('status', b.status, 'created_at', b.created_at, 'last_activity_at', b.last_activity_at,
    'activity_count', b.activity_count)::varchar as evidence,
  'score ' || regexp_replace(round(b.audit_score, 1)::varchar, '\.0$', '') || ', status ' || coalesce(b.status, 'unknown') || ', not converted, '
    || case when b.has_worked_activity then 'no activity for ' || b.days_idle || ' days'
      else 'no activity since creation ' || b.days_idle || ' days ago' end as why
from breaking b
left join int_lead_estimated_values(as_of) e on e.system = b.system and e.lead_id = b.lead_id
