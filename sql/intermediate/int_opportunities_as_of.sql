-- grain: one row per opportunity that exists as of the date (its version valid then)
-- key: system, opportunity_id
-- reads: stg_opportunities
-- materialized: macro(as_of)
select * from stg_opportunities
where valid_from <= as_of and (valid_to is null or valid_to > as_of)
