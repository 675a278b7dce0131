-- grain: one row per lead that exists as of the date, with its points score and the CRM's score
-- key: system, lead_id
-- reads: int_leads_as_of, lead_score_rules, model_text_settings
-- materialized: macro(as_of)
-- The transparent points score of pipelines/config/lead-score.ts (DESIGN section 6, L3): each
-- factor gives the points of its best-matching row of lead_score_rules (0 when none matches),
-- and the factors add up. Recency counts only an activity after creation ("worked"), measured
-- in days to the as-of snapshot. audit_score is the score rule L3 compares with its threshold:
-- the points score, or the CRM's own score where config says lead_score_use = crm.
with leads as (
  select system, lead_id, industry, country, employees, activity_count, score,
    budget_confirmed, authority_confirmed, need_confirmed, timeline_confirmed,
    case when last_activity_at > created_at
      then date_diff('day', cast(last_activity_at as date), cast(as_of as date)) end as days_since_activity
  from int_leads_as_of(as_of)
), rules as (
  select * from lead_score_rules
), factor_points as (
  select l.system, l.lead_id, r.factor, max(r.points) as points
  from leads l
  join rules r on
    (r.factor = 'industry' and lower(trim(r.value)) = lower(trim(l.industry)))
    or (r.factor = 'country' and lower(trim(r.value)) = lower(trim(l.country)))
    or (r.factor = 'employees' and l.employees >= r.threshold)
    or (r.factor = 'activity_count' and l.activity_count >= r.threshold)
    or (r.factor = 'activity_recency_days' and l.days_since_activity <= r.threshold)
  group by l.system, l.lead_id, r.factor
), bant as (
  select l.system, l.lead_id,
    (select coalesce(max(points), 0) from rules where factor = 'bant_confirmed')
      * (coalesce(l.budget_confirmed, false)::int + coalesce(l.authority_confirmed, false)::int
         + coalesce(l.need_confirmed, false)::int + coalesce(l.timeline_confirmed, false)::int) as points
  from leads l
), scored as (
  select
    l.system, l.lead_id,
    coalesce(max(f.points) filter (where f.factor = 'industry'), 0) as industry_points,
    coalesce(max(f.points) filter (where f.factor = 'country'), 0) as country_points,
    coalesce(max(f.points) filter (where f.factor = 'employees'), 0) as employees_points,
    coalesce(max(f.points) filter (where f.factor = 'activity_recency_days'), 0) as recency_points,
    coalesce(max(f.points) filter (where f.factor = 'activity_count'), 0) as activity_count_points,
    any_value(b.points) as bant_points,
    any_value(l.score) as crm_score
  from leads l
  join bant b on b.system = l.system and b.lead_id = l.lead_id
  left join factor_points f on f.system = l.system and f.lead_id = l.lead_id
  group by l.system, l.lead_id
), totals as (
  select *, industry_points + country_points + employees_points + recency_points + activity_count_points + bant_points as points_score
  from scored
)
select
  t.*,
  case when (select max(value) from model_text_settings where name = 'lead_score_use') = 'crm' then t.crm_score else t.points_score end as audit_score
from totals t
