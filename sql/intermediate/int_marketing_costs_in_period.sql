-- grain: one row per cost item with spend in the period: a campaign, or a month of a source's cost
-- key: system, campaign_id (campaigns) / system, source, month (source costs)
-- reads: campaigns, source_costs, valid_on
-- materialized: macro(as_of, period_start, period_end)
-- Cost is what was spent in the period (DESIGN section 5): a campaign's cost spread evenly over its
-- days started_on..ended_on (both inclusive), a source cost evenly over its month's days, and each
-- counted for the days the period covers. Each campaign is one row, so its cost counts once however
-- many leads or deals it brought. Period "all" (null bounds) takes every cost in full.
with campaigns as (
  select * from campaigns where valid_on(valid_from, valid_to, as_of)
), source_costs as (
  select * from source_costs where valid_on(valid_from, valid_to, as_of)
), sources_with_campaigns as (
  -- source_cost is for sources without campaigns (DESIGN section 3): where a source has campaigns,
  -- they carry its cost, and a source cost beside them would count the same spend twice
  select distinct system, coalesce(source, '(none)') as source from campaigns
), campaign_spans as (
  select
    system, campaign_id, name, coalesce(source, '(none)') as source, started_on, ended_on, cost,
    cast(started_on as date) as spend_from, cast(ended_on as date) as spend_to
  from campaigns
), source_cost_spans as (
  select
    s.system, s.source, s.month, s.cost,
    cast(strptime(s.month || '-01', '%Y-%m-%d') as date) as spend_from,
    cast(last_day(strptime(s.month || '-01', '%Y-%m-%d')) as date) as spend_to
  from source_costs s
  where not exists (select 1 from sources_with_campaigns c where c.system = s.system and c.source = s.source)
), spans as (
  select 'campaign' as cost_kind, system, campaign_id, source, null as month, cost, spend_from, spend_to from campaign_spans
  union all
  select 'source_cost' as cost_kind, system, null as campaign_id, source, month, cost, spend_from, spend_to from source_cost_spans
), spread as (
  select
    *,
    date_diff('day', spend_from, spend_to) + 1 as span_days,
    date_diff('day', greatest(spend_from, cast(period_start as date)), least(spend_to, cast(period_end as date))) + 1 as days_in_period
  from spans
), with_cost_in_period as (
  select
    cost_kind, system, campaign_id, source, month, cost, spend_from, spend_to, span_days,
    case
      when period_start is null and period_end is null then cost
      -- a campaign without both dates (or ending before it starts) cannot be placed in a dated
      -- period: it is left out of it, as records lacking a date are (DESIGN section 3)
      when spend_from is null or spend_to is null or span_days < 1 then 0
      when days_in_period < 1 then 0
      else cast(cost as double) * days_in_period / span_days
    end as cost_in_period
  from spread
  where cost is not null
)
select * from with_cost_in_period
