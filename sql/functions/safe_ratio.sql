-- A rate as a fraction 0..1: numerator / denominator, null when the denominator is 0 or unknown.
-- materialized: function(numerator, denominator)
case when denominator is null or denominator = 0 then null else numerator / denominator end
