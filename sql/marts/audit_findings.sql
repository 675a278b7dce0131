-- grain: one row per finding as of the date: a record breaking an enabled audit rule
-- key: system, record_kind, record_id, rule_id
-- reads: audit_rule_l1, audit_rule_l2, audit_rule_l3, audit_rule_l4, audit_rule_o1, audit_rule_o2, audit_rule_o3, audit_rule_o4, audit_rule_o5, audit_rule_h1, audit_rule_h2, audit_rule_h3, audit_rule_h4, audit_rule_h5, audit_rule_h6, audit_rules, audit_reviews, int_leads_as_of, int_opportunities_as_of, int_owner_teams_as_of
-- materialized: macro(as_of)
-- DESIGN section 6: every rule model's findings (sql/audit/), for the rules config leaves on,
-- with the rule's severity (config's, or the case's own where the rule model gives one), the
-- record's name and team, and its review. The latest review of a finding decides its status:
-- confirmed holds; not_an_issue and fixed hold while the evidence is the one reviewed
-- (md5 of the evidence JSON), and the finding is open again once the evidence changes, so a
-- "not an issue" stays quiet until the record changes in a way the rule looks at.
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
), rules as (
  select * from audit_rules where enabled
), latest_review as (
  select * from audit_reviews
  qualify row_number() over (partition by system, record_kind, record_id, rule_id order by reviewed_at desc, review_id desc) = 1
), named as (
  select system, 'lead' as record_kind, lead_id as record_id,
    nullif(trim(concat_ws(' ', first_name, last_name)), '') as person, company as organisation
  from int_leads_as_of(as_of)
  union all
  select system, 'opportunity', opportunity_id, name, null from int_opportunities_as_of(as_of)
), findings as (
  select
    f.system, f.record_kind, f.record_id, f.rule_id, r.family, r.title,
    coalesce(f.severity_override, r.severity) as severity,
    coalesce(concat_ws(', ', n.person, n.organisation), f.record_id) as record_name,
    f.owner, t.team, f.amount_at_stake, f.evidence, md5(f.evidence) as evidence_hash, f.why,
    v.decision as review_decision, v.note as review_note, v.reviewer, v.reviewed_at,
    v.decision is not null and v.evidence_hash <> md5(f.evidence) as evidence_changed
  from raw f
  join rules r on r.rule_id = f.rule_id
  left join named n on n.system = f.system and n.record_kind = f.record_kind and n.record_id = f.record_id
  left join int_owner_teams_as_of(as_of) t on t.system = f.system and t.owner = f.owner
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
