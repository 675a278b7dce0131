-- Every forecast the product makes, kept (DESIGN section 5, "Forecast accuracy"): as of a
-- snapshot, for a period, by a method, so its own forecasts can be scored when the period
-- closes. Written by pipelines/load/record-forecasts.ts inside each load's transaction; not a
-- model, so model rebuilds leave it alone, and a reload of the same snapshot replaces its rows.
create table forecast_log (
  as_of DATE NOT NULL,
  period_start DATE NOT NULL,
  period_end DATE NOT NULL,
  method VARCHAR NOT NULL,
  figure DOUBLE,
  p10 DOUBLE,
  p50 DOUBLE,
  p90 DOUBLE,
  recorded_at TIMESTAMP NOT NULL,
  PRIMARY KEY (as_of, period_start, period_end, method)
);
