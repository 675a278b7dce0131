-- grain: one row per lead that exists as of the date (its version valid then)
-- key: system, lead_id
-- reads: stg_leads
-- materialized: macro(as_of)
select * from stg_leads
where valid_from <= as_of and (valid_to is null or valid_to > as_of)
