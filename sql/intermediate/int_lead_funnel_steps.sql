-- grain: one row per lead as of the date, with the furthest funnel step it ever reached
-- key: system, lead_id
-- reads: stg_leads, int_leads_as_of, int_opportunities_as_of, lead_status_map, model_settings
-- materialized: macro(as_of)
-- A lead counts at a step if it ever reached that step or a later one (DESIGN section 5), so
-- steps come from every version up to the as-of date, and each later step implies the earlier.
-- Disqualified is an exit: a disqualified lead keeps the furthest step its history shows.
with current_leads as (
  select * from int_leads_as_of(as_of)
), lead_history as (
  select * from stg_leads where valid_from <= as_of
), status_map as (
  select * from lead_status_map
), mql_threshold as (
  select value as threshold from model_settings where name = 'mql_score_threshold'
), opportunities as (
  select * from int_opportunities_as_of(as_of)
), steps_from_history as (
  select
    h.system, h.lead_id,
    bool_or(coalesce(m.reaches_mql, false) or coalesce(h.score >= (select threshold from mql_threshold), false)) as ever_mql,
    bool_or(coalesce(m.reaches_sql, false)) as ever_sql
  from lead_history h
  left join status_map m on m.status = h.status
  group by h.system, h.lead_id
), opportunity_links as (
  select system, lead_id, converted_opportunity_id as opportunity_id from current_leads where converted_opportunity_id is not null
  union
  select system, lead_id, opportunity_id from opportunities where lead_id is not null
), won_leads as (
  select l.system, l.lead_id, bool_or(o.is_won_stage) as has_won
  from opportunity_links l
  join opportunities o on o.system = l.system and o.opportunity_id = l.opportunity_id
  group by l.system, l.lead_id
), steps as (
  select
    c.*,
    c.has_converted and coalesce(w.has_won, false) as reached_won,
    c.has_converted as reached_opportunity,
    c.has_converted or coalesce(s.ever_sql, false) as reached_sql,
    c.has_converted or coalesce(s.ever_sql, false) or coalesce(s.ever_mql, false) as reached_mql
  from current_leads c
  left join steps_from_history s on s.system = c.system and s.lead_id = c.lead_id
  left join won_leads w on w.system = c.system and w.lead_id = c.lead_id
)
select * from steps
