-- grain: one row per lead whose outcome is settled as of the date
-- key: system, lead_id
-- reads: int_leads_as_of, int_lead_scores, company_size_band
-- materialized: macro(as_of)
-- What the lead scores are judged on and the learned score learns from (DESIGN section 5, lead
-- score). Settled: converted, disqualified, created 90 or more days before the as-of snapshot, or
-- with no creation date (sets without dates: as settled as they will get). A younger open lead may
-- still convert; counting it as a failure would teach that fresh leads fail.
-- converted is the label (stg_leads.has_converted). The features are what the lead looks like
-- apart from its outcome: status and the CRM's score are left out because they leak it (a
-- converted or disqualified status is the label itself; a CRM score is often raised or zeroed by
-- the outcome). points_score and crm_score are here to be judged against the label, not learned from.
-- is_holdout: about a quarter of the leads, by the first 32 bits of md5(system || lead_id) mod 4,
-- so a lead lands on the same side on every run and at every as-of date. sample_key, from the next
-- 32 bits, is a fixed draw in [0, 1) independent of the side: where there are more settled leads
-- than a fit in the server can take quickly, it reads those whose key is below a fraction.
with leads as (
  select * from int_leads_as_of(as_of)
), lead_scores as (
  select * from int_lead_scores(as_of)
), settled as (
  select * from leads
  where has_converted
    or status = 'disqualified'
    or created_at is null
    or cast(created_at as date) <= cast(as_of as date) - interval 90 day
), features as (
  select
    s.system, s.lead_id,
    s.has_converted as converted,
    ('0x' || substr(md5(s.system || s.lead_id), 1, 8))::bigint % 4 = 0 as is_holdout,
    ('0x' || substr(md5(s.system || s.lead_id), 9, 8))::bigint / 4294967296 as sample_key,
    sc.points_score, sc.crm_score,
    s.source_name, s.industry, s.country,
    company_size_band(s.employees) as company_size_band,
    s.activity_count,
    -- as int_lead_scores measures recency: only an activity after creation counts ("worked")
    case when s.last_activity_at > s.created_at
      then date_diff('day', cast(s.last_activity_at as date), cast(as_of as date)) end as days_since_activity,
    case when s.budget_confirmed then 'true' when not s.budget_confirmed then 'false' else 'unknown' end as budget_answer,
    case when s.authority_confirmed then 'true' when not s.authority_confirmed then 'false' else 'unknown' end as authority_answer,
    case when s.need_confirmed then 'true' when not s.need_confirmed then 'false' else 'unknown' end as need_answer,
    case when s.timeline_confirmed then 'true' when not s.timeline_confirmed then 'false' else 'unknown' end as timeline_answer,
    -- a zero budget is no budget, as int_lead_estimated_values reads it
    coalesce(s.budget_amount > 0, false) as has_budget_amount,
    s.expected_decision_date is not null as has_expected_decision_date,
    s.email is not null as has_email,
    s.phone is not null as has_phone
  from settled s
  join lead_scores sc on sc.system = s.system and sc.lead_id = s.lead_id
)
select * from features
