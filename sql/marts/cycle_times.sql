-- grain: one row per journey and grouping (each group when grouped, and the total)
-- key: journey, is_total, group_value
-- reads: int_cycle_time_journeys
-- materialized: macro(as_of, period_start, period_end, source_filter, group_dimension)
-- Durations of completed journeys of the records created in the period (DESIGN section 5): median,
-- p75 and p90 by quantile_cont over the journeys that reached the outcome, never a mean. Beside
-- them, on the "either outcome" journeys (lead_to_exit, opportunity_to_close), the Kaplan-Meier
-- median, which counts open records (censored at the as-of date): the first day the share still
-- open, S(t) as in survival_curves, is at or below one half (1e-9 absorbs floating-point error in
-- the product); null while more than half are open. It is computed here from the same journeys
-- rather than by calling survival_curves, which would build them a second time. The single outcomes get no Kaplan-Meier median:
-- they compete, and a Kaplan-Meier curve per outcome would overstate it (survival_curves gives
-- their cumulative incidence instead).
-- records = the group's cohort; completed + without_duration = the records that reached the
-- outcome (without_duration: no date to measure, left out of the figures); still_open = censored.
with journeys as (
  select * from int_cycle_time_journeys(as_of, period_start, period_end, source_filter, group_dimension)
), journey_kinds as (
  select * from (values
    ('lead_to_conversion', 1, 'time_to_convert', ['converted'], false),
    ('lead_to_disqualification', 2, 'time_to_convert', ['disqualified'], false),
    ('lead_to_exit', 3, 'time_to_convert', ['converted', 'disqualified'], true),
    ('opportunity_to_won', 4, 'time_to_close', ['won'], false),
    ('opportunity_to_lost', 5, 'time_to_close', ['lost'], false),
    ('opportunity_to_close', 6, 'time_to_close', ['won', 'lost'], true)
  ) as kinds(journey, journey_order, curve, outcomes, is_either_outcome)
), by_day as (
  select curve, is_total, group_value, days as day, count(*) filter (where outcome is not null) as events, count(*) as leaving
  from journeys
  where has_duration
  group by all
), kaplan_meier as (
  select *, product(1 - events / at_risk) over (partition by curve, is_total, group_value order by day) as survival
  from (select *, sum(leaving) over (partition by curve, is_total, group_value order by day desc) as at_risk from by_day)
), kaplan_meier_medians as (
  select curve, is_total, group_value, min(day) filter (where survival <= 0.5 + 1e-9) as km_median_days
  from kaplan_meier
  group by all
), durations as (
  select
    k.journey, k.journey_order, j.record_kind, k.is_either_outcome, j.is_total, j.group_value,
    count(*) as records,
    count(*) filter (where list_contains(k.outcomes, j.outcome) and j.has_duration) as completed,
    count(*) filter (where list_contains(k.outcomes, j.outcome) and not j.has_duration) as without_duration,
    count(*) filter (where j.outcome is null) as still_open,
    quantile_cont(j.days, 0.5) filter (where list_contains(k.outcomes, j.outcome) and j.has_duration) as median_days,
    quantile_cont(j.days, 0.75) filter (where list_contains(k.outcomes, j.outcome) and j.has_duration) as p75_days,
    quantile_cont(j.days, 0.9) filter (where list_contains(k.outcomes, j.outcome) and j.has_duration) as p90_days
  from journey_kinds k
  join journeys j on j.curve = k.curve
  group by all
), with_kaplan_meier as (
  select d.*, case when d.is_either_outcome then m.km_median_days end as km_median_days
  from durations d
  left join kaplan_meier_medians m
    on m.curve = case when d.record_kind = 'lead' then 'time_to_convert' else 'time_to_close' end
    and m.is_total = d.is_total and m.group_value is not distinct from d.group_value
)
select * from with_kaplan_meier
order by journey_order, is_total, group_value nulls last
