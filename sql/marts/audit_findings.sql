-- grain: one row per finding as of the date: a record breaking an enabled audit rule
-- key: system, record_kind, record_id, rule_id
-- reads: audit_findings_cache, audit_rules, audit_reviews
-- materialized: macro(as_of)
-- DESIGN section 6: the rule models' findings as of the date (audit_raw_findings, read from
-- audit_findings_cache, which the server fills for a date before it reads it), for the rules
-- config leaves on, with the rule's severity (config's, or the case's own where the rule model
-- gives one) and its review. The latest review of a finding decides its status: confirmed
-- holds; not_an_issue and fixed hold while the evidence is the one reviewed (md5 of the evidence
-- JSON), and the finding is open again once the evidence changes, so a "not an issue" stays
-- quiet until the record changes in a way the rule looks at.
with raw as (
  select * exclude (findings_as_of) from audit_findings_cache where findings_as_of = cast(as_of as date)
), rules as (
  select * from audit_rules where enabled
), latest_review as (
  select * from audit_reviews
  qualify row_number() over (partition by system, record_kind, record_id, rule_id order by reviewed_at desc, review_id desc) = 1
), findings as (
  select
    f.system, f.record_kind, f.record_id, f.rule_id, r.family, r.title,
    coalesce(f.severity_override, r.severity) as severity,
    f.record_name, f.owner, f.team, f.amount_at_stake, f.evidence, md5(f.evidence) as evidence_hash, f.why,
    v.decision as review_decision, v.note as review_note, v.reviewer, v.reviewed_at,
    v.decision is not null and v.evidence_hash <> md5(f.evidence) as evidence_changed
  from raw f
  join rules r on r.rule_id = f.rule_id
  left join latest_review v on v.system = f.system and v.record_kind = f.record_kind and v.record_id = f.record_id and v.rule_id = f.rule_id
)
select
  *,
  case
    when review_decision is null then 'open'
    when review_decision = 'confirmed' then 'confirmed'
    when evidence_changed then 'open'
    else review_decision
  end as status
from findings
