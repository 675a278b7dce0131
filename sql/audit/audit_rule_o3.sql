-- grain: one row per opportunity that breaks rule O3 as of the date
-- key: system, record_id
-- reads: int_opportunities_as_of, int_opportunity_stage_changes, time_in_stage, audit_stage_limits, model_setting
-- materialized: macro(as_of)
-- DESIGN section 6, O3, two cases on an open deal (one row, evidence naming 'idle', 'stage_limit' or 'both'):
-- - idle: no activity for audit_o3_idle_days or more, counted from last_activity_at, or from creation
--   where there is no activity after it (no recorded activity counts as none since creation).
-- - stage_limit: in its current stage for at least that stage's limit, counted from the day it entered
--   the stage (its latest stage change up to the as-of date, from int_opportunity_stage_changes: the
--   CRM's own history, else the snapshots). The limit is the one config sets (audit_stage_limits),
--   else audit_o3_stage_median_factor x the stage's historical median days in stage, else
--   audit_o3_stage_default_days where the stage has no history. The median is the time_in_stage
--   mart's, for all deals as of the date (period all): the time deals that left the stage by then
--   spent in it, pooled over systems, the same figure the cycle times view shows. A deal whose latest
--   recorded stage change up to the date is not into its current stage has no known entry date, and
--   only the idle case is judged for it.
-- Evidence holds only the fields of the case(s) that hold: creation and last activity for idle; the
-- stage entry date, the limit and its source for stage_limit. A history limit moves as deals
-- complete stays and an activity logged on a deal stuck in its stage changes last_activity_at, and
-- neither should reopen a reviewed finding of the other case.
with opportunities as (
  select * from int_opportunities_as_of(as_of)
), stage_changes_to_date as (
  select system, opportunity_id, stage, entered_at,
    row_number() over (partition by system, opportunity_id order by entered_at desc) as recency
  from int_opportunity_stage_changes
  where entered_at < cast(as_of as date) + interval 1 day
), current_stage_entries as (
  select system, opportunity_id, stage, cast(entered_at as date) as entered_stage_on
  from stage_changes_to_date
  where recency = 1
), historical_medians as (
  select stage, median_days from time_in_stage(as_of, null, null, null, null)
  where is_total and median_days is not null
), measured as (
  select
    o.*, e.entered_stage_on,
    date_diff('day', e.entered_stage_on, cast(as_of as date)) as days_in_stage,
    -- the last activity only counts when it came after creation
    date_diff('day', cast(case when o.last_activity_at > o.created_at or o.created_at is null
      then o.last_activity_at else o.created_at end as date), cast(as_of as date)) as days_idle,
    case
      when l.limit_days is not null then 'config'
      when m.median_days is not null then 'history'
      else 'default'
    end as stage_limit_source,
    coalesce(l.limit_days, model_setting('audit_o3_stage_median_factor') * m.median_days,
      model_setting('audit_o3_stage_default_days')) as stage_limit_days,
    m.median_days
  from opportunities o
  left join current_stage_entries e on e.system = o.system and e.opportunity_id = o.opportunity_id and e.stage = o.stage
  left join audit_stage_limits l on l.stage = o.stage
  left join historical_medians m on m.stage = o.stage
  where o.is_open_stage
), judged as (
  select *,
    coalesce(days_idle >= model_setting('audit_o3_idle_days'), false) as is_idle,
    coalesce(days_in_stage >= stage_limit_days, false) as is_over_stage_limit
  from measured
), breaking as (
  select *,
    case when is_idle and is_over_stage_limit then 'both' when is_idle then 'idle' else 'stage_limit' end as finding_case
  from judged
  where is_idle or is_over_stage_limit
)
select
  b.system, 'opportunity' as record_kind, b.opportunity_id as record_id, 'O3' as rule_id, null::varchar as severity_override,
  b.owner, cast(b.amount as double) as amount_at_stake,
  json_object('case', b.finding_case, 'stage', b.stage,
    'created_at', case when b.is_idle then b.created_at end,
    'last_activity_at', case when b.is_idle then b.last_activity_at end,
    'entered_stage_on', case when b.is_over_stage_limit then b.entered_stage_on end,
    'stage_limit_days', case when b.is_over_stage_limit then b.stage_limit_days end,
    'stage_limit_source', case when b.is_over_stage_limit then b.stage_limit_source end)::varchar as evidence,
  'open in ' || b.stage || ': ' || concat_ws('; ',
    case when b.is_idle then
      case when b.last_activity_at > b.created_at or b.created_at is null
        then 'no activity for ' || b.days_idle || ' days'
        else 'no activity since creation ' || b.days_idle || ' days ago' end
    end,
    case when b.is_over_stage_limit then
      'in the stage ' || b.days_in_stage || ' days since ' || strftime(b.entered_stage_on, '%Y-%m-%d')
      || ', limit ' || printf('%g', b.stage_limit_days) || ' days ' || case b.stage_limit_source
        when 'config' then '(set in config)'
        when 'history' then '(' || printf('%g', model_setting('audit_o3_stage_median_factor')) || ' x the historical median of '
          || printf('%g', b.median_days) || ' days)'
        else '(default: no stage history)' end
    end) as why
from breaking b
