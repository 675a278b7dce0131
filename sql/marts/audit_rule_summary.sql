-- grain: one row per audit rule (every rule of the catalog, on or off)
-- key: rule_id
-- reads: audit_rules, audit_findings
-- materialized: macro(as_of)
-- Findings per rule as of the date, with the amount at stake and how many are in each review
-- status. Rules switched off in config are listed with no findings, so the reader sees them.
with findings as (
  select * from audit_findings(as_of)
), by_rule as (
  select
    rule_id,
    count(*) as findings,
    count(distinct system || '|' || record_id) as records,
    coalesce(sum(amount_at_stake), 0) as amount_at_stake,
    count(*) filter (where status = 'open') as open,
    count(*) filter (where status = 'confirmed') as confirmed,
    count(*) filter (where status = 'not_an_issue') as not_an_issue,
    count(*) filter (where status = 'fixed') as fixed
  from findings
  group by rule_id
)
select
  r.rule_id, r.family, r.record_kind, r.title, r.description, r.severity, r.enabled,
  coalesce(b.findings, 0) as findings, coalesce(b.records, 0) as records,
  coalesce(b.amount_at_stake, 0) as amount_at_stake,
  coalesce(b.open, 0) as open, coalesce(b.confirmed, 0) as confirmed,
  coalesce(b.not_an_issue, 0) as not_an_issue, coalesce(b.fixed, 0) as fixed
from audit_rules r
left join by_rule b on b.rule_id = r.rule_id
order by case r.family when 'lead_looks_like_opportunity' then 1 when 'opportunity_looks_like_lead' then 2 else 3 end, r.rule_id
