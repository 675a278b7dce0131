-- grain: one row per opportunity that exists as of the date, with the source and campaign it is attributed to
-- key: system, opportunity_id
-- reads: int_opportunities_as_of, int_leads_as_of
-- materialized: macro(as_of)
-- Attribution is first touch (DESIGN section 5): the originating lead's source and campaign, else the
-- opportunity's own. The originating lead is the lead the opportunity names, or a lead naming the
-- opportunity; where several qualify, one with a source wins, then the one the opportunity names,
-- then the lowest lead id, so the choice never depends on row order.
with opportunities as (
  select * from int_opportunities_as_of(as_of)
), leads as (
  select * from int_leads_as_of(as_of)
), lead_links as (
  select o.system, o.opportunity_id, l.lead_id, 1 as link_rank from opportunities o
  join leads l on l.system = o.system and l.lead_id = o.lead_id
  union all
  select system, converted_opportunity_id as opportunity_id, lead_id, 2 as link_rank from leads
  where converted_opportunity_id is not null
), originating_lead as (
  select
    k.system, k.opportunity_id,
    arg_min(l.lead_id, (l.source is null, k.link_rank, l.lead_id)) as originating_lead_id
  from lead_links k
  join leads l on l.system = k.system and l.lead_id = k.lead_id
  group by k.system, k.opportunity_id
), attributed as (
  select
    o.*,
    ol.originating_lead_id,
    l.source as originating_lead_source,
    l.campaign_id as originating_lead_campaign_id,
    l.created_at as originating_lead_created_at,
    coalesce(l.source, o.source, '(none)') as attributed_source,
    coalesce(l.campaign_id, o.campaign_id) as attributed_campaign_id
  from opportunities o
  left join originating_lead ol on ol.system = o.system and ol.opportunity_id = o.opportunity_id
  left join leads l on l.system = ol.system and l.lead_id = ol.originating_lead_id
)
select * from attributed
