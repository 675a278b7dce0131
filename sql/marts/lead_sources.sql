-- grain: one row per source name seen on any lead or opportunity version
-- key: source
-- reads: stg_leads, stg_opportunities
-- The choices of the source filter.
with lead_sources as (
  select distinct source_name as source from stg_leads
), opportunity_sources as (
  select distinct coalesce(source, '(none)') as source from stg_opportunities
), sources as (
  select source from lead_sources union select source from opportunity_sources
)
select * from sources
order by source
