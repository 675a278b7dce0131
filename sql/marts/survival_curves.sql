-- grain: one row per curve, grouping and day on which a journey ended or was censored, after a start row (step 0, day 0)
-- key: curve, is_total, group_value, step
-- reads: int_cycle_time_journeys
-- materialized: macro(as_of, period_start, period_end, source_filter, group_dimension)
-- Time to close (opportunities; success = won, failure = lost) and time to convert (leads; success
-- = converted, failure = disqualified) for records created in the period. Open records are
-- censored at the as-of date, not dropped (DESIGN section 5):
--   Kaplan-Meier, the event being either outcome: S(t) = prod over days u <= t of (1 - d(u) / n(u)),
--     n(u) = records whose journey lasted u days or more (ended or censored on day u still count:
--     events come before censoring on a tie), d(u) = journeys that ended on day u;
--   cumulative incidence of each outcome k (competing risks, Aalen-Johansen):
--     CIF_k(t) = sum over days u <= t of S(u-) * d_k(u) / n(u), S(u-) being S on the day before.
-- Two separate Kaplan-Meier curves for won and for lost would overstate both; these two add up to
-- 1 - S(t). Records without a usable duration are left out (cycle_times counts them).
with journeys as (
  select * from int_cycle_time_journeys(as_of, period_start, period_end, source_filter, group_dimension)
  where has_duration
), by_day as (
  select
    curve, record_kind, is_total, group_value, days as day,
    count(*) filter (where outcome is not null) as events,
    count(*) filter (where outcome in ('won', 'converted')) as success_events,
    count(*) filter (where outcome in ('lost', 'disqualified')) as failure_events,
    count(*) filter (where outcome is null) as censored,
    count(*) as leaving
  from journeys
  group by all
), at_risk as (
  select *, sum(leaving) over (partition by curve, is_total, group_value order by day desc) as at_risk
  from by_day
), kaplan_meier as (
  select *, product(1 - events / at_risk) over (partition by curve, is_total, group_value order by day) as survival
  from at_risk
), incidence as (
  select
    *,
    sum(survival_before * success_events / at_risk) over curve_days as success_incidence,
    sum(survival_before * failure_events / at_risk) over curve_days as failure_incidence
  from (select *, lag(survival, 1, 1.0) over (partition by curve, is_total, group_value order by day) as survival_before from kaplan_meier)
  window curve_days as (partition by curve, is_total, group_value order by day)
), steps as (
  select
    curve, record_kind, is_total, group_value,
    row_number() over (partition by curve, is_total, group_value order by day) as step,
    day, at_risk, events, success_events, failure_events, censored, survival, success_incidence, failure_incidence
  from incidence
), starts as (
  -- every curve starts at day 0 with every record still open
  select curve, record_kind, is_total, group_value, 0 as step, 0 as day, max(at_risk) as at_risk,
    0 as events, 0 as success_events, 0 as failure_events, 0 as censored, 1.0 as survival, 0.0 as success_incidence, 0.0 as failure_incidence
  from at_risk
  group by all
), curves as (
  select * from starts
  union all
  select * from steps
)
select * from curves
order by curve, is_total, group_value nulls last, step
