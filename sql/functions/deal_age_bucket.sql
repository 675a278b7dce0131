-- The age bucket of an open deal for the historical win rates (DESIGN section 5, "historical"):
-- days from creation to the snapshot, '0-30', '31-90' or '91+'; 'unknown' without a creation date
-- (its cell rarely holds enough observations, so it falls back to the stage's rate).
-- materialized: function(age_days)
case
  when age_days is null then 'unknown'
  when age_days <= 30 then '0-30'
  when age_days <= 90 then '31-90'
  else '91+'
end
