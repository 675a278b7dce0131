-- Upper bound of the 95% Wilson score interval for k successes in n trials
-- (z = 1.96, no continuity correction; DESIGN section 5). Null when n is 0.
-- materialized: function(k, n)
-- clamped to 0..1 so floating-point rounding cannot leave the unit interval
case when n is null or n = 0 then null else round(least(1.0, ((k / n) + (1.96 * 1.96) / (2 * n)
    + 1.96 * sqrt((k / n) * (1 - k / n) / n + (1.96 * 1.96) / (4 * n * n)))
  / (1 + (1.96 * 1.96) / n)), 12)
end
