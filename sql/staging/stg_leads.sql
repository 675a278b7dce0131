-- grain: one row per lead version (system, lead_id, valid_from)
-- key: system, lead_id, valid_from
-- reads: leads
-- A lead is converted when the CRM's flag says so or it names its opportunity (DESIGN section 3);
-- a status of converted alone is not a conversion (audit rule H4 reports it).
with leads as (
  select * from leads
), typed as (
  select
    *,
    strftime(created_at, '%Y-%m') as cohort_month,
    coalesce(is_converted, false) or converted_opportunity_id is not null as has_converted,
    coalesce(source, '(none)') as source_name
  from leads
)
select * from typed
