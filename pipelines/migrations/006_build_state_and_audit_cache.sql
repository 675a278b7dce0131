-- What the models were last built from (a fingerprint of config and the sql/ files), so a start
-- or a load rebuilds them only when something changed, and a load of a new latest snapshot can
-- build incrementally (pipelines/build-models.ts).
create table model_build_state (
  name VARCHAR PRIMARY KEY,
  value VARCHAR NOT NULL
);

-- The audit's findings per snapshot date (sql/audit/audit_raw_findings.sql), kept because
-- evaluating fifteen rule models costs far more than reading their few rows back. Derived data:
-- pipelines/audit-findings-cache.ts fills a date when it is loaded or first read, drops the dates
-- a load may have changed (its own date and later ones), and drops everything when config or the
-- models change. audit_cached_dates says which dates are filled, findings or none.
create table audit_cached_dates (
  findings_as_of DATE PRIMARY KEY,
  computed_at TIMESTAMP NOT NULL
);

create table audit_findings_cache (
  findings_as_of DATE NOT NULL,
  system VARCHAR NOT NULL,
  record_kind VARCHAR NOT NULL,
  record_id VARCHAR NOT NULL,
  rule_id VARCHAR NOT NULL,
  severity_override VARCHAR,
  owner VARCHAR,
  team VARCHAR,
  record_name VARCHAR,
  amount_at_stake DOUBLE,
  evidence VARCHAR NOT NULL,
  why VARCHAR NOT NULL
);
