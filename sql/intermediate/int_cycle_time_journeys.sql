-- grain: one row per lead and per opportunity created in the period, per grouping it counts in
--        (its group when the figures are grouped, and always the total)
-- key: record_kind, system, record_id, is_total
-- reads: lead_records, opportunity_records, int_lead_disqualifications, in_period
-- materialized: macro(as_of, period_start, period_end, source_filter, group_dimension)
-- Which records enter: leads and opportunities created in the period, as funnel_by_cohort. Each
-- journey ends in an outcome (lead: converted or disqualified; opportunity: won or lost) or is still
-- open as of the date, and then its duration is the time so far: censored, not dropped (DESIGN
-- section 5). Durations are whole days (day boundaries crossed, as days_to_close in the records).
-- Attributes come from the records marts, so a figure's drill-down lists exactly its records.
-- group_dimension is source, team, industry or country; null for the total alone.
with leads as (
  select * from lead_records(as_of)
), opportunities as (
  select * from opportunity_records(as_of)
), disqualifications as (
  select * from int_lead_disqualifications(as_of)
), lead_journeys as (
  select
    'time_to_convert' as curve, 'lead' as record_kind, l.system, l.lead_id as record_id,
    -- a converted lead is converted whatever its status says (DESIGN section 3)
    case when l.is_converted then 'converted' when l.status = 'disqualified' then 'disqualified' end as outcome,
    case
      when l.is_converted then l.days_to_convert
      when l.status = 'disqualified' then date_diff('day', l.created_at, d.disqualified_on)
      else date_diff('day', l.created_at, as_of)
    end as days,
    l.source, l.team, l.industry, l.country
  from leads l
  left join disqualifications d on d.system = l.system and d.lead_id = l.lead_id
  where in_period(l.created_at, period_start, period_end)
    and (source_filter is null or l.source = source_filter)
), opportunity_journeys as (
  select
    'time_to_close' as curve, 'opportunity' as record_kind, o.system, o.opportunity_id as record_id,
    case when o.is_won then 'won' when o.is_lost then 'lost' end as outcome,
    case when o.is_open then date_diff('day', o.created_at, as_of) else o.days_to_close end as days,
    o.source, o.team, o.industry, o.country
  from opportunities o
  where in_period(o.created_at, period_start, period_end)
    and (source_filter is null or o.source = source_filter)
), journeys as (
  select * from lead_journeys
  union all
  select * from opportunity_journeys
), described as (
  select
    *,
    -- no date to measure from or to (a converted lead without converted_at, a disqualification
    -- before the first snapshot), or dates out of order: left out of durations and curves, counted
    days is not null and days >= 0 as has_duration,
    case group_dimension when 'source' then source when 'team' then team when 'industry' then industry when 'country' then country end as group_value
  from journeys
), groupings as (
  select * exclude (group_value), false as is_total, group_value from described where group_dimension is not null
  union all
  select * exclude (group_value), true as is_total, null as group_value from described
)
select curve, record_kind, system, record_id, outcome, days, has_duration, is_total, group_value from groupings
