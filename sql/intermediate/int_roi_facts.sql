-- grain: one row per fact a source or campaign ROI figure counts: a cost in the period, a lead created
--        in it, an opportunity created in it, an opportunity closed in it, a won opportunity from a
--        lead created in it
-- key: fact, system, record_id
-- reads: int_leads_as_of, int_opportunity_attribution, int_marketing_costs_in_period, in_period
-- materialized: macro(as_of, period_start, period_end)
-- Each fact carries the source and campaign it counts under, so source_roi and campaign_roi only
-- group and sum (DESIGN section 5). Leads count under their own source and campaign; opportunities
-- under their attribution (the originating lead's, else their own).
with leads as (
  select * from int_leads_as_of(as_of)
), opportunities as (
  select * from int_opportunity_attribution(as_of)
), costs as (
  select * from int_marketing_costs_in_period(as_of, period_start, period_end)
), cost_facts as (
  select
    'cost' as fact, system, coalesce(campaign_id, source || ' ' || month) as record_id,
    source, campaign_id, cost_in_period as cost
  from costs
), lead_facts as (
  -- the period's lead cohort; converted by the as-of date (DESIGN section 5)
  select 'lead' as fact, system, lead_id as record_id, source_name as source, campaign_id, has_converted as is_converted
  from leads
  where in_period(created_at, period_start, period_end)
), created_facts as (
  select
    'created_opportunity' as fact, system, opportunity_id as record_id, attributed_source as source,
    attributed_campaign_id as campaign_id, coalesce(amount, 0) as amount
  from opportunities
  where in_period(created_at, period_start, period_end)
), closed_facts as (
  select
    'closed_opportunity' as fact, system, opportunity_id as record_id, attributed_source as source,
    attributed_campaign_id as campaign_id, coalesce(amount, 0) as amount, is_won_stage as is_won, is_lost_stage as is_lost,
    -- new business is what a cost per won deal divides by: type new, or no type recorded
    is_won_stage and coalesce(type, 'new') = 'new' as is_new_business_won,
    date_diff('day', created_at, closed_on) as days_to_close
  from opportunities
  where (is_won_stage or is_lost_stage) and in_period(closed_on, period_start, period_end)
), cohort_won_facts as (
  -- revenue won to date (by the as-of date, whenever it closed) from the leads created in the period
  select
    'cohort_won' as fact, system, opportunity_id as record_id, attributed_source as source,
    attributed_campaign_id as campaign_id, coalesce(amount, 0) as amount
  from opportunities
  where is_won_stage
    and originating_lead_id is not null
    and in_period(originating_lead_created_at, period_start, period_end)
), facts as (
  select * from cost_facts
  union all by name select * from lead_facts
  union all by name select * from created_facts
  union all by name select * from closed_facts
  union all by name select * from cohort_won_facts
)
select * from facts
