-- The company size band of an employee count: 1-49, 50-249, 250-999, 1000+; no count, or one
-- below 1, is unknown rather than guessed small.
-- materialized: function(employees)
case
  when employees is null or employees < 1 then 'unknown'
  when employees < 50 then '1-49'
  when employees < 250 then '50-249'
  when employees < 1000 then '250-999'
  else '1000+'
end
