-- grain: one row per source name seen on any lead version ('(none)' for leads without one)
-- key: source
-- reads: stg_leads
-- The choices of the funnel's source filter: the funnel counts leads, so only lead sources.
with lead_sources as (
  select distinct source_name as source from stg_leads
)
select * from lead_sources
order by source
