-- grain: one row per lead that breaks rule H4 as of the date
-- key: system, record_id
-- reads: int_leads_as_of, int_opportunities_as_of, stg_opportunities, int_lead_estimated_values
-- materialized: macro(as_of)
-- DESIGN section 6, H4 (broken conversion), three cases that cannot overlap (evidence 'case'):
--   a: the lead names a converted opportunity that does not exist as of the date in its system's
--      opportunities (int_opportunities_as_of: one deleted since the lead named it is broken now);
--   b: status converted while the conversion flag is false or unknown and no opportunity is named;
--   c: the conversion flag is true but no opportunity is named.
-- "Where the warehouse holds that system's opportunities" (DESIGN, case c): the system has any
-- opportunity version loaded as of the date. A leads-only data set is not broken, so it is spared
-- case a too: there, every lead naming its opportunity would otherwise fire. Case b needs no
-- opportunities to be wrong and applies to every system.
-- No case has its own severity in DESIGN: the rule's configured one applies.
-- Amount at stake: the lead's estimated value as an opportunity.
with leads_as_of as (
  select * from int_leads_as_of(as_of)
), opportunity_ids as (
  select system, opportunity_id from int_opportunities_as_of(as_of)
), systems_with_opportunities as (
  select distinct system from stg_opportunities where valid_from <= as_of
), classified as (
  select l.*,
    case
      when l.converted_opportunity_id is not null and s.system is not null and o.opportunity_id is null then 'a'
      when l.converted_opportunity_id is null and l.status = 'converted' and not coalesce(l.is_converted, false) then 'b'
      when l.converted_opportunity_id is null and l.is_converted and s.system is not null then 'c'
    end as broken_case
  from leads_as_of l
  left join systems_with_opportunities s on s.system = l.system
  left join opportunity_ids o on o.system = l.system and o.opportunity_id = l.converted_opportunity_id
), breaking as (
  select * from classified where broken_case is not null
)
select
  b.system, 'lead' as record_kind, b.lead_id as record_id, 'H4' as rule_id, null::varchar as severity_override,
  b.owner, cast(e.estimated_value as double) as amount_at_stake,
  json_object('case', b.broken_case, 'status', b.status, 'is_converted', b.is_converted,
    'converted_at', b.converted_at, 'converted_opportunity_id', b.converted_opportunity_id)::varchar as evidence,
  case b.broken_case
    when 'a' then 'names converted opportunity ' || b.converted_opportunity_id || ', which does not exist as of ' || cast(as_of as date)
    when 'b' then 'status converted, but the conversion flag is ' || coalesce(b.is_converted::varchar, 'unknown') || ' and no opportunity is named'
    when 'c' then 'flagged converted, but names no opportunity'
  end as why
from breaking b
left join int_lead_estimated_values(as_of) e on e.system = b.system and e.lead_id = b.lead_id
