-- grain: one row per open stage and grouping (each group when grouped, and the total)
-- key: stage, is_total, group_value
-- reads: int_opportunity_stage_changes, opportunity_records, stage_map, in_period
-- materialized: macro(as_of, period_start, period_end, source_filter, group_dimension)
-- Time each opportunity created in the period spent in each open stage, from its stage history (a
-- CRM's own history where it has one, else the snapshots: int_opportunity_stage_changes). A deal
-- that entered a stage more than once counts once, with the time of all its stays. A deal still in
-- the stage on the as-of date is censored there, not dropped: median, p75 and p90 (quantile_cont)
-- cover the deals that left the stage, and the Kaplan-Meier median counts those still in it too
-- (the first time at which the share still in the stage is at or below one half). Durations are in
-- days with fractions, as a CRM's history is exact to the minute; from snapshots they are whole days.
with cohort as (
  select system, opportunity_id, source, team, industry, country
  from opportunity_records(as_of)
  where in_period(created_at, period_start, period_end)
    and (source_filter is null or source = source_filter)
), open_stages as (
  select stage, stage_order from stage_map where not is_closed
), stays as (
  -- as the history stood on the as-of date: a stay that ended later was still going on then
  select
    c.system, c.opportunity_id, c.stage, c.entered_at,
    case when c.left_at < cast(as_of as date) + interval 1 day then c.left_at end as left_at
  from int_opportunity_stage_changes c
  where c.entered_at < cast(as_of as date) + interval 1 day
), time_per_deal as (
  select
    s.system, s.opportunity_id, s.stage,
    sum(greatest(0, epoch(coalesce(s.left_at, cast(as_of as timestamp))) - epoch(s.entered_at))) / 86400.0 as days,
    bool_or(s.left_at is null) as is_still_in_stage
  from stays s
  join open_stages o on o.stage = s.stage
  group by all
), described as (
  select t.*, c.source, c.team, c.industry, c.country,
    case group_dimension when 'source' then c.source when 'team' then c.team when 'industry' then c.industry when 'country' then c.country end as group_value
  from time_per_deal t
  join cohort c on c.system = t.system and c.opportunity_id = t.opportunity_id
), groupings as (
  select stage, days, is_still_in_stage, false as is_total, group_value from described where group_dimension is not null
  union all
  select stage, days, is_still_in_stage, true as is_total, null as group_value from described
), by_time as (
  select stage, is_total, group_value, days, count(*) filter (where not is_still_in_stage) as events, count(*) as leaving
  from groupings
  group by all
), kaplan_meier as (
  select *, product(1 - events / at_risk) over (partition by stage, is_total, group_value order by days) as survival
  from (select *, sum(leaving) over (partition by stage, is_total, group_value order by days desc) as at_risk from by_time)
), kaplan_meier_medians as (
  select stage, is_total, group_value, min(days) filter (where survival <= 0.5 + 1e-9) as km_median_days
  from kaplan_meier
  group by all
), by_stage as (
  select
    g.stage, g.is_total, g.group_value,
    count(*) as opportunities,
    count(*) filter (where not g.is_still_in_stage) as completed,
    count(*) filter (where g.is_still_in_stage) as still_in_stage,
    quantile_cont(g.days, 0.5) filter (where not g.is_still_in_stage) as median_days,
    quantile_cont(g.days, 0.75) filter (where not g.is_still_in_stage) as p75_days,
    quantile_cont(g.days, 0.9) filter (where not g.is_still_in_stage) as p90_days
  from groupings g
  group by all
), described_stages as (
  select b.stage, o.stage_order, b.is_total, b.group_value, b.opportunities, b.completed, b.still_in_stage,
    b.median_days, b.p75_days, b.p90_days, m.km_median_days
  from by_stage b
  join open_stages o on o.stage = b.stage
  left join kaplan_meier_medians m on m.stage = b.stage and m.is_total = b.is_total and m.group_value is not distinct from b.group_value
)
select * from described_stages
order by stage_order, is_total, group_value nulls last
