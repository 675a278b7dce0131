-- A numeric setting written from config (model_settings: the MQL threshold, the audit's
-- thresholds as audit_<name>); null when config has no such setting.
-- reads: model_settings
-- materialized: function(setting_name)
(select value from model_settings where name = setting_name)
