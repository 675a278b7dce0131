-- grain: one row per lead that breaks rule H1 as of the date
-- key: system, record_id
-- reads: int_leads_as_of, normalized_email, normalized_company, int_lead_estimated_values
-- materialized: macro(as_of)
-- DESIGN section 6, H1: duplicate leads within a system, by the same normalised email, or by the
-- same normalised company with the same first and last name (each trimmed, case ignored; all
-- three must be known). Every lead of a pair gets a finding; its evidence names the leads it
-- duplicates directly (sorted by id), not the whole chain a third lead might link it to, so a
-- reviewer can check each named pair by eye. Where both ways match, the match is 'email'.
-- Every lead as of the date counts, converted or disqualified too: a second record of a person is
-- dirt whatever became of either.
-- Amount at stake: the lead's estimated value as an opportunity.
-- The two matches are separate equi-joins, not one join on "or", so each stays a hash join.
with lead_keys as (
  select system, lead_id, owner, status, email, company, first_name, last_name,
    normalized_email(email) as email_key,
    normalized_company(company) as company_key,
    nullif(lower(trim(first_name)), '') as first_name_key,
    nullif(lower(trim(last_name)), '') as last_name_key
  from int_leads_as_of(as_of)
), email_pairs as (
  select a.system, a.lead_id, b.lead_id as other_lead_id, 'email' as match
  from lead_keys a
  join lead_keys b on b.system = a.system and b.email_key = a.email_key and b.lead_id <> a.lead_id
), name_pairs as (
  select a.system, a.lead_id, b.lead_id as other_lead_id, 'company_and_name' as match
  from lead_keys a
  join lead_keys b on b.system = a.system and b.company_key = a.company_key
    and b.first_name_key = a.first_name_key and b.last_name_key = a.last_name_key and b.lead_id <> a.lead_id
), pairs as (
  -- one row per pair; where both match, 'email' is kept
  select system, lead_id, other_lead_id, min_by(match, match = 'company_and_name') as match
  from (select * from email_pairs union all select * from name_pairs) m
  group by system, lead_id, other_lead_id
), per_lead as (
  select system, lead_id,
    to_json(list(struct_pack(lead_id := other_lead_id, match := match) order by other_lead_id)) as duplicates,
    string_agg(other_lead_id || ' (same ' || replace(match, '_', ' ') || ')', ', ' order by other_lead_id) as duplicate_list
  from pairs
  group by system, lead_id
)
select
  l.system, 'lead' as record_kind, l.lead_id as record_id, 'H1' as rule_id, null::varchar as severity_override,
  l.owner, cast(e.estimated_value as double) as amount_at_stake,
  json_object('email', l.email, 'company', l.company, 'first_name', l.first_name, 'last_name', l.last_name,
    'duplicates', p.duplicates)::varchar as evidence,
  'duplicate of ' || p.duplicate_list as why
from per_lead p
join lead_keys l on l.system = p.system and l.lead_id = p.lead_id
left join int_lead_estimated_values(as_of) e on e.system = l.system and e.lead_id = l.lead_id
