-- grain: one row per finding of the audit as of a quarter's snapshot
-- key: system, record_kind, record_id, rule_id
-- reads: audit_findings
-- materialized: macro(audit_date, as_of)
-- A quarter's findings (audit_findings as of its snapshot, audit_date) and whether each still
-- holds as of a later snapshot (as_of): a finding the later audit no longer raises was resolved
-- in the CRM since (DESIGN section 6). The review shown is the latest, whenever it was given.
with then_found as (
  select * from audit_findings(audit_date)
), now_found as (
  select system, record_kind, record_id, rule_id, status from audit_findings(as_of)
)
select
  t.*,
  n.rule_id is not null as still_holds,
  case when n.rule_id is null then 'resolved' else 'holds' end as since_audit
from then_found t
left join now_found n using (system, record_kind, record_id, rule_id)
