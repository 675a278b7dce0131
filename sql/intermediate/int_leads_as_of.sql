-- grain: one row per lead that exists as of the date (its version valid then)
-- key: system, lead_id
-- reads: stg_leads, valid_on
-- materialized: macro(as_of)
select * from stg_leads
where valid_on(valid_from, valid_to, as_of)
