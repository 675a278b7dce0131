-- grain: one row per lead as of the date, with every attribute a figure filters or groups by
-- key: system, lead_id
-- reads: int_lead_funnel_steps, int_owner_teams_as_of, company_size_band
-- materialized: macro(as_of)
-- The records behind lead figures: a drill-down filters these rows the way the figure's mart
-- filtered them (same columns), so a count on screen and its list always agree.
with leads as (
  select * from int_lead_funnel_steps(as_of)
), owners as (
  select * from int_owner_teams_as_of(as_of)
), described as (
  select
    l.system, l.lead_id, l.created_at, coalesce(l.cohort_month, '(no date)') as cohort_month, l.source_name as source,
    l.campaign_id, l.status, l.raw_status, l.owner, coalesce(o.team, '(none)') as team,
    trim(concat_ws(' ', l.first_name, l.last_name)) as person, l.company, l.email, l.industry, l.country, l.employees,
    company_size_band(l.employees) as company_size, l.score,
    l.has_converted as is_converted, l.converted_at, l.converted_opportunity_id,
    -- where the lead's journey stands: converted and disqualified are its two exits
    case when l.has_converted then 'converted' when l.status = 'disqualified' then 'disqualified' else 'open' end as exit_state,
    l.has_converted or l.status = 'disqualified' as has_exited,
    l.reached_mql, l.reached_sql, l.reached_opportunity, l.reached_won,
    date_diff('day', l.created_at, l.converted_at) as days_to_convert, l.last_activity_at
  from leads l
  left join owners o on o.system = l.system and o.owner = l.owner
)
select * from described
