-- Whether a date or timestamp falls in the period [period_start, period_end] (whole days).
-- The period "all" is passed as two nulls and takes every record, including those with no date;
-- any other period leaves out records that lack the date (DESIGN section 3).
-- materialized: function(moment, period_start, period_end)
(period_start is null and period_end is null)
or (moment >= period_start and moment < cast(period_end as date) + interval 1 day)
