-- A CRM's own opportunity stage history, versioned like every canonical table.
create table opportunity_stage_history (
  system VARCHAR NOT NULL,
  opportunity_id VARCHAR NOT NULL,
  changed_at TIMESTAMP NOT NULL,
  stage VARCHAR NOT NULL,
  raw_stage VARCHAR,
  amount DECIMAL(18,2),
  probability DOUBLE,
  close_date DATE,
  forecast_category VARCHAR,
  valid_from DATE NOT NULL,
  valid_to DATE,
  batch_id INTEGER NOT NULL
);

-- Rows left out of a load run with --allow-rejects, each with why. The record keeps its
-- previous version (a rejected row is not a deletion).
create table rejected_rows (
  batch_id INTEGER NOT NULL,
  system VARCHAR NOT NULL,
  as_of DATE NOT NULL,
  file VARCHAR NOT NULL,
  "row" BIGINT,
  "column" VARCHAR,
  value VARCHAR,
  problem VARCHAR NOT NULL
);

-- Which adapter read each batch's files, and what it noticed without refusing (columns the export
-- lacked, references that do not resolve): shown in the Data view.
alter table load_batches add column notes JSON;
