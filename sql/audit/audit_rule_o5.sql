-- grain: one row per opportunity that breaks rule O5 as of the date
-- key: system, record_id
-- reads: int_opportunities_as_of
-- materialized: macro(as_of)
-- DESIGN section 6, O5: no account attached (case a, the rule's configured severity); an account but
-- no contact is the same rule at low severity (case b). "Attached" means the deal names an account
-- (contact): the accounts and contacts files are optional in a snapshot, so a name that no loaded
-- account matches is not read as missing. A deal with neither is case a, one row. Closed deals
-- break no O rule.
with opportunities as (
  select *,
    nullif(trim(account_id), '') is null as has_no_account,
    nullif(trim(contact_id), '') is null as has_no_contact
  from int_opportunities_as_of(as_of)
), breaking as (
  select o.*, case when o.has_no_account then 'a' else 'b' end as finding_case
  from opportunities o
  where o.is_open_stage
    and (o.has_no_account or o.has_no_contact)
)
select
  b.system, 'opportunity' as record_kind, b.opportunity_id as record_id, 'O5' as rule_id,
  case b.finding_case when 'b' then 'low' end as severity_override,
  b.owner, cast(b.amount as double) as amount_at_stake,
  json_object('case', b.finding_case, 'stage', b.stage, 'account_id', b.account_id, 'contact_id', b.contact_id)::varchar as evidence,
  case b.finding_case
    when 'a' then 'open in ' || b.stage || ' with no account attached'
    else 'open in ' || b.stage || ' with account ' || b.account_id || ' but no contact attached'
  end as why
from breaking b
