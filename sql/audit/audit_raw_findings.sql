-- grain: one row per record breaking an audit rule as of the date, before config's switches and reviews
-- key: system, record_kind, record_id, rule_id
-- reads: audit_rule_l1, audit_rule_l2, audit_rule_l3, audit_rule_l4, audit_rule_o1, audit_rule_o2, audit_rule_o3, audit_rule_o4, audit_rule_o5, audit_rule_h1, audit_rule_h2, audit_rule_h3, audit_rule_h4, audit_rule_h5, audit_rule_h6, int_leads_as_of, int_opportunities_as_of, int_owner_teams_as_of
-- materialized: macro(as_of)
-- Every rule model's findings (sql/audit/audit_rule_*.sql) with the record's name and its owner's
-- team as of the date. The expensive half of the audit: pipelines/audit-findings-cache.ts keeps
-- its rows per snapshot date in audit_findings_cache, and audit_findings reads them from there
-- (sql/DECISIONS.md).
with raw as (
  select * from audit_rule_l1(as_of)
  union all by name select * from audit_rule_l2(as_of)
  union all by name select * from audit_rule_l3(as_of)
  union all by name select * from audit_rule_l4(as_of)
  union all by name select * from audit_rule_o1(as_of)
  union all by name select * from audit_rule_o2(as_of)
  union all by name select * from audit_rule_o3(as_of)
  union all by name select * from audit_rule_o4(as_of)
  union all by name select * from audit_rule_o5(as_of)
  union all by name select * from audit_rule_h1(as_of)
  union all by name select * from audit_rule_h2(as_of)
  union all by name select * from audit_rule_h3(as_of)
  union all by name select * from audit_rule_h4(as_of)
  union all by name select * from audit_rule_h5(as_of)
  union all by name select * from audit_rule_h6(as_of)
), named as (
  select system, 'lead' as record_kind, lead_id as record_id,
    nullif(trim(concat_ws(' ', first_name, last_name)), '') as person, company as organisation
  from int_leads_as_of(as_of)
  union all
  select system, 'opportunity', opportunity_id, name, null from int_opportunities_as_of(as_of)
)
select
  f.system, f.record_kind, f.record_id, f.rule_id, f.severity_override, f.owner, t.team,
  coalesce(concat_ws(', ', n.person, n.organisation), f.record_id) as record_name,
  cast(f.amount_at_stake as double) as amount_at_stake, f.evidence, f.why
from raw f
left join named n on n.system = f.system and n.record_kind = f.record_kind and n.record_id = f.record_id
left join int_owner_teams_as_of(as_of) t on t.system = f.system and t.owner = f.owner
