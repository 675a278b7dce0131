-- grain: one row per month of the period with leads or opportunities created in it, plus one total row (is_total)
-- key: month ('(no date)' for records without created_at, only with period all)
-- reads: int_leads_as_of, int_opportunity_attribution, in_period, safe_ratio
-- materialized: macro(as_of, period_start, period_end, source_filter)
-- The period ratio (DESIGN section 5): opportunities created in the month / leads created in the
-- month, as of the date. It is not a cohort rate: the opportunities need not come from those
-- leads (or from any lead), so it can exceed 1 and carries no interval (sql/DECISIONS.md).
-- The source filter applies to the lead's source and to the opportunity's attributed source.
with leads as (
  select * from int_leads_as_of(as_of)
), opportunities as (
  select * from int_opportunity_attribution(as_of)
), leads_by_month as (
  select coalesce(strftime(created_at, '%Y-%m'), '(no date)') as month, count(*) as leads_created
  from leads
  where in_period(created_at, period_start, period_end)
    and (source_filter is null or coalesce(source, '(none)') = source_filter)
  group by all
), opportunities_by_month as (
  select coalesce(strftime(created_at, '%Y-%m'), '(no date)') as month, count(*) as opportunities_created
  from opportunities
  where in_period(created_at, period_start, period_end)
    and (source_filter is null or attributed_source = source_filter)
  group by all
), months as (
  -- a month with opportunities and no leads (or the reverse) is kept, with a zero beside it
  select
    coalesce(l.month, o.month) as month,
    coalesce(l.leads_created, 0) as leads_created,
    coalesce(o.opportunities_created, 0) as opportunities_created
  from leads_by_month l
  full outer join opportunities_by_month o on o.month = l.month
), with_total as (
  select coalesce(month, 'All months') as month, grouping(month) = 1 as is_total,
    coalesce(sum(leads_created), 0)::bigint as leads_created, coalesce(sum(opportunities_created), 0)::bigint as opportunities_created
  from months
  group by grouping sets ((month), ())
), with_ratio as (
  select *, safe_ratio(opportunities_created, leads_created) as period_ratio
  from with_total
)
select * from with_ratio
order by is_total, month
