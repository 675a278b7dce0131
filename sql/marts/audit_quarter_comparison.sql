-- grain: one row per enabled audit rule: one quarter's findings and what became of them
-- key: rule_id
-- reads: audit_rules, audit_findings_since
-- materialized: macro(audit_date, as_of)
-- Quarter against quarter (DESIGN section 6): as of a quarter's snapshot, how many findings and
-- how much at stake per rule, and of those how many no longer hold as of the later snapshot
-- (resolved in the CRM) and how many still do. The server calls it once per quarter.
with since as (
  select * from audit_findings_since(audit_date, as_of)
), by_rule as (
  select
    rule_id,
    count(*) as findings,
    coalesce(sum(amount_at_stake), 0) as amount_at_stake,
    count(*) filter (where not still_holds) as resolved,
    coalesce(sum(amount_at_stake) filter (where not still_holds), 0) as resolved_amount,
    count(*) filter (where still_holds) as still_holding
  from since
  group by rule_id
)
select
  cast(audit_date as date) as audit_date, r.rule_id, r.title, r.severity,
  coalesce(b.findings, 0) as findings, coalesce(b.amount_at_stake, 0) as amount_at_stake,
  coalesce(b.resolved, 0) as resolved, coalesce(b.resolved_amount, 0) as resolved_amount,
  coalesce(b.still_holding, 0) as still_holding
from audit_rules r
left join by_rule b on b.rule_id = r.rule_id
where r.enabled
order by r.rule_id
