-- How far into its quarter a snapshot lies, for the historical win rates (DESIGN section 5,
-- "historical"): days since the quarter's first day, '0-29', '30-59' or '60+'. A snapshot taken
-- a few days before the quarter (the one a forecast as of its first day uses) counts as '0-29'.
-- materialized: function(point_days)
case
  when point_days < 30 then '0-29'
  when point_days < 60 then '30-59'
  else '60+'
end
