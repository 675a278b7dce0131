-- grain: one row per lead that breaks rule L4 as of the date
-- key: system, record_id
-- reads: int_leads_as_of, int_opportunities_as_of, contacts, accounts, valid_on, normalized_email, normalized_company, int_lead_estimated_values
-- materialized: macro(as_of)
-- DESIGN section 6, L4 (a shadow record): a lead for a person or a company that already has an
-- open opportunity other than the lead's own converted one. Matched within the lead's system:
-- the person by normalised email against the opportunity's contact, the company by normalised
-- name against the opportunity's account (contacts and accounts as of the date). Where both match
-- one opportunity, the match is 'person', the closer of the two.
-- "Its own converted one" is the opportunity the lead names, or one naming the lead as its
-- origin (as Lead -> won reads the link, sql/DECISIONS.md). DESIGN's wording keeps converted
-- leads in scope: a lead converted into one deal whose person or company has another open deal
-- is reported too, its evidence naming that deal. A disqualified lead breaks no L rule.
-- CTEs are not named after tables: a macro read here (int_lead_estimated_values reads accounts)
-- would bind to a CTE of the same name.
-- Evidence lists every open opportunity matched, sorted by id, with its match.
-- Amount at stake: the lead's estimated value, as for every lead rule, though the open opportunity
-- already carries this pipeline: it is the value that would be counted twice if the shadow were
-- converted into a second opportunity, not pipeline hidden in leads.
with lead_keys as (
  select system, lead_id, owner, status, email, company, converted_opportunity_id,
    normalized_email(email) as email_key, normalized_company(company) as company_key
  from int_leads_as_of(as_of)
  where coalesce(status, '') <> 'disqualified'
), open_deals as (
  select system, opportunity_id, account_id, contact_id, lead_id
  from int_opportunities_as_of(as_of)
  where is_open_stage
), contact_emails as (
  select system, contact_id, normalized_email(email) as email_key
  from contacts where valid_on(valid_from, valid_to, as_of)
), account_names as (
  select system, account_id, normalized_company(name) as company_key
  from accounts where valid_on(valid_from, valid_to, as_of)
), person_matches as (
  select l.system, l.lead_id, l.converted_opportunity_id, o.opportunity_id, o.lead_id as origin_lead_id, 'person' as match
  from open_deals o
  join contact_emails c on c.system = o.system and c.contact_id = o.contact_id
  join lead_keys l on l.system = c.system and l.email_key = c.email_key
), company_matches as (
  select l.system, l.lead_id, l.converted_opportunity_id, o.opportunity_id, o.lead_id as origin_lead_id, 'company' as match
  from open_deals o
  join account_names a on a.system = o.system and a.account_id = o.account_id
  join lead_keys l on l.system = a.system and l.company_key = a.company_key
), other_than_own as (
  select * from (select * from person_matches union all select * from company_matches) m
  -- the lead's own converted opportunity, linked from either side, is no shadow
  where opportunity_id is distinct from converted_opportunity_id and lead_id is distinct from origin_lead_id
), shadowed as (
  -- one row per (lead, opportunity); where both match, 'person' is kept
  select system, lead_id, opportunity_id, min_by(match, match = 'company') as match
  from other_than_own
  group by system, lead_id, opportunity_id
), per_lead as (
  select system, lead_id,
    to_json(list(struct_pack(opportunity_id := opportunity_id, match := match) order by opportunity_id)) as shadows,
    string_agg(opportunity_id || ' (same ' || match || ')', ', ' order by opportunity_id) as shadow_list,
    count(*) as opportunity_count
  from shadowed
  group by system, lead_id
)
select
  l.system, 'lead' as record_kind, l.lead_id as record_id, 'L4' as rule_id, null::varchar as severity_override,
  l.owner, cast(e.estimated_value as double) as amount_at_stake,
  json_object('status', l.status, 'email', l.email, 'company', l.company,
    'converted_opportunity_id', l.converted_opportunity_id, 'opportunities', p.shadows)::varchar as evidence,
  'status ' || coalesce(l.status, 'unknown') || ', already held by open '
    || case when p.opportunity_count = 1 then 'opportunity ' else 'opportunities ' end || p.shadow_list as why
from per_lead p
join lead_keys l on l.system = p.system and l.lead_id = p.lead_id
left join int_lead_estimated_values(as_of) e on e.system = l.system and e.lead_id = l.lead_id
