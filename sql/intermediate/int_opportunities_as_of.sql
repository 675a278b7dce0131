-- grain: one row per opportunity that exists as of the date (its version valid then)
-- key: system, opportunity_id
-- reads: stg_opportunities, valid_on
-- materialized: macro(as_of)
select * from stg_opportunities
where valid_on(valid_from, valid_to, as_of)
