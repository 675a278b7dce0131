-- The classification audit (DESIGN section 6). Settings tables are rewritten from config by every
-- load and rebuild (pipelines/config/settings.ts); audit_reviews is the reviewers' own record and
-- nothing but a review ever writes to it, so decisions survive reloads and model rebuilds.
create table audit_rules (
  rule_id VARCHAR PRIMARY KEY,
  family VARCHAR NOT NULL,
  record_kind VARCHAR NOT NULL,
  title VARCHAR NOT NULL,
  description VARCHAR NOT NULL,
  severity VARCHAR NOT NULL,
  enabled BOOLEAN NOT NULL
);

-- How long an open deal may sit in a stage before rule O3 calls it stalled, where config sets one.
create table audit_stage_limits (
  stage VARCHAR PRIMARY KEY,
  limit_days DOUBLE NOT NULL
);

-- The points lead score (DESIGN section 6, L3): factor industry / country match value (case and
-- whitespace ignored); employees, activity_count and activity_recency_days compare a measure with
-- threshold (at least, or within that many days); bant_confirmed gives points per confirmed answer.
-- A lead scores the best-matching row of each factor, summed over factors.
create table lead_score_rules (
  factor VARCHAR NOT NULL,
  value VARCHAR,
  threshold DOUBLE,
  points DOUBLE NOT NULL
);

-- One row per review decision, in the order given; the latest for a finding is its status.
-- evidence_hash is the finding's evidence when reviewed: a "not an issue" stays quiet only while
-- the evidence is unchanged.
create table audit_reviews (
  review_id BIGINT PRIMARY KEY,
  system VARCHAR NOT NULL,
  record_kind VARCHAR NOT NULL,
  record_id VARCHAR NOT NULL,
  rule_id VARCHAR NOT NULL,
  decision VARCHAR NOT NULL,
  note VARCHAR,
  reviewer VARCHAR NOT NULL,
  reviewed_at TIMESTAMP NOT NULL,
  as_of DATE NOT NULL,
  evidence_hash VARCHAR NOT NULL,
  evidence VARCHAR NOT NULL
);
