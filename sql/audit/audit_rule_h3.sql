-- grain: one row per lead that breaks rule H3 as of the date
-- key: system, record_id
-- reads: int_leads_as_of, int_lead_estimated_values
-- materialized: macro(as_of)
-- DESIGN section 6, H3 (incomplete): any one of no source, no owner, or no way to contact
-- (neither email nor phone); a value of spaces alone is none. Every lead as of the date counts,
-- converted or disqualified too: the record is still read by the funnel and source figures.
-- Evidence lists what is missing, always in the order source, owner, contact.
-- Amount at stake: the lead's estimated value as an opportunity.
with leads_as_of as (
  select * from int_leads_as_of(as_of)
), gaps as (
  select l.*,
    list_filter([
      case when nullif(trim(l.source), '') is null then 'source' end,
      case when nullif(trim(l.owner), '') is null then 'owner' end,
      case when nullif(trim(l.email), '') is null and nullif(trim(l.phone), '') is null then 'contact' end
    ], lambda field: field is not null) as missing
  from leads_as_of l
), breaking as (
  select * from gaps where len(missing) > 0
)
select
  b.system, 'lead' as record_kind, b.lead_id as record_id, 'H3' as rule_id, null::varchar as severity_override,
  b.owner, cast(e.estimated_value as double) as amount_at_stake,
  json_object('missing', b.missing)::varchar as evidence,
  'no ' || array_to_string(list_transform(b.missing, lambda field: case field when 'contact' then 'email or phone' else field end), ', no ') as why
from breaking b
left join int_lead_estimated_values(as_of) e on e.system = b.system and e.lead_id = b.lead_id
