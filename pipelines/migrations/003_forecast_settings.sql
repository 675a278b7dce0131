-- Forecast category a stage implies where the CRM exports none (as Salesforce defaults it), and
-- text-valued settings (the probability policy), both written from config by every load.
alter table stage_map add column default_forecast_category VARCHAR;

create table model_text_settings (
  name VARCHAR PRIMARY KEY,
  value VARCHAR NOT NULL
);
