-- Canonical tables of DESIGN section 3. Each holds every version of its records:
-- a version is valid from valid_from (a snapshot date) until valid_to (exclusive; null = still current).
-- A record that did not change between snapshots adds no row.

create table leads (
  system VARCHAR NOT NULL,
  lead_id VARCHAR NOT NULL,
  created_at TIMESTAMP,
  source VARCHAR,
  campaign_id VARCHAR,
  status VARCHAR,
  raw_status VARCHAR,
  owner VARCHAR,
  first_name VARCHAR,
  last_name VARCHAR,
  company VARCHAR,
  email VARCHAR,
  phone VARCHAR,
  industry VARCHAR,
  country VARCHAR,
  employees BIGINT,
  budget_confirmed BOOLEAN,
  authority_confirmed BOOLEAN,
  need_confirmed BOOLEAN,
  timeline_confirmed BOOLEAN,
  budget_amount DECIMAL(18,2),
  expected_decision_date DATE,
  score DOUBLE,
  activity_count BIGINT,
  last_activity_at TIMESTAMP,
  is_converted BOOLEAN,
  converted_at TIMESTAMP,
  converted_opportunity_id VARCHAR,
  converted_account_id VARCHAR,
  converted_contact_id VARCHAR,
  valid_from DATE NOT NULL,
  valid_to DATE,
  batch_id INTEGER NOT NULL
);

create table opportunities (
  system VARCHAR NOT NULL,
  opportunity_id VARCHAR NOT NULL,
  created_at TIMESTAMP,
  account_id VARCHAR,
  contact_id VARCHAR,
  owner VARCHAR,
  name VARCHAR,
  type VARCHAR,
  amount DECIMAL(18,2),
  product VARCHAR,
  stage VARCHAR NOT NULL,
  raw_stage VARCHAR,
  probability DOUBLE,
  forecast_category VARCHAR,
  close_date DATE,
  is_closed BOOLEAN,
  is_won BOOLEAN,
  closed_at TIMESTAMP,
  source VARCHAR,
  campaign_id VARCHAR,
  lead_id VARCHAR,
  decision_maker_identified BOOLEAN,
  budget_confirmed BOOLEAN,
  next_step VARCHAR,
  last_activity_at TIMESTAMP,
  lost_reason VARCHAR,
  valid_from DATE NOT NULL,
  valid_to DATE,
  batch_id INTEGER NOT NULL
);

create table accounts (
  system VARCHAR NOT NULL,
  account_id VARCHAR NOT NULL,
  name VARCHAR,
  industry VARCHAR,
  country VARCHAR,
  employees BIGINT,
  valid_from DATE NOT NULL,
  valid_to DATE,
  batch_id INTEGER NOT NULL
);

create table contacts (
  system VARCHAR NOT NULL,
  contact_id VARCHAR NOT NULL,
  account_id VARCHAR,
  first_name VARCHAR,
  last_name VARCHAR,
  email VARCHAR,
  phone VARCHAR,
  valid_from DATE NOT NULL,
  valid_to DATE,
  batch_id INTEGER NOT NULL
);

create table owners (
  system VARCHAR NOT NULL,
  owner VARCHAR NOT NULL,
  team VARCHAR,
  valid_from DATE NOT NULL,
  valid_to DATE,
  batch_id INTEGER NOT NULL
);

create table campaigns (
  system VARCHAR NOT NULL,
  campaign_id VARCHAR NOT NULL,
  name VARCHAR,
  source VARCHAR,
  started_on DATE,
  ended_on DATE,
  cost DECIMAL(18,2),
  valid_from DATE NOT NULL,
  valid_to DATE,
  batch_id INTEGER NOT NULL
);

create table source_costs (
  system VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  month VARCHAR NOT NULL,
  cost DECIMAL(18,2),
  valid_from DATE NOT NULL,
  valid_to DATE,
  batch_id INTEGER NOT NULL
);

create table targets (
  system VARCHAR NOT NULL,
  period VARCHAR NOT NULL,
  owner VARCHAR,
  team VARCHAR,
  amount DECIMAL(18,2),
  valid_from DATE NOT NULL,
  valid_to DATE,
  batch_id INTEGER NOT NULL
);

-- One row per snapshot loaded. files is a JSON array of {file, sha256, rows_loaded, rows_rejected}.
-- status: loaded, or replaced when a later load of the same system and date replaced it.
-- batch_id is taken from the sequence by the loader: a column default calling nextval cannot be
-- replayed from DuckDB's write-ahead log after a crash, so the table has none.
create sequence load_batch_ids start 1;
create table load_batches (
  batch_id INTEGER PRIMARY KEY,
  system VARCHAR NOT NULL,
  crm VARCHAR NOT NULL,
  as_of DATE NOT NULL,
  content_sha256 VARCHAR NOT NULL,
  files JSON NOT NULL,
  rows_loaded BIGINT NOT NULL,
  rows_rejected BIGINT NOT NULL,
  records_created BIGINT NOT NULL,
  records_changed BIGINT NOT NULL,
  records_deleted BIGINT NOT NULL,
  started_at TIMESTAMP NOT NULL,
  ended_at TIMESTAMP NOT NULL,
  status VARCHAR NOT NULL
);

-- Canonical opportunity stages with their order and default probability (a fraction 0..1);
-- written from config by every load, so a value map is data, not SQL.
create table stage_map (
  stage VARCHAR PRIMARY KEY,
  stage_order INTEGER NOT NULL,
  default_probability DOUBLE NOT NULL,
  is_closed BOOLEAN NOT NULL,
  is_won BOOLEAN NOT NULL
);

-- Funnel step reached by each canonical lead status (DESIGN section 3, configurable).
create table lead_status_map (
  status VARCHAR PRIMARY KEY,
  reaches_mql BOOLEAN NOT NULL,
  reaches_sql BOOLEAN NOT NULL,
  is_exit BOOLEAN NOT NULL
);

-- Scalar settings the models read (thresholds), written from config by every load.
create table model_settings (
  name VARCHAR PRIMARY KEY,
  value DOUBLE NOT NULL
);
