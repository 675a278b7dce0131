-- grain: one row per segment of one dimension, plus one total row (is_total), for the leads created in the period
-- key: segment
-- reads: int_lead_funnel_steps, int_owner_teams_as_of, in_period, safe_ratio, wilson_low, wilson_high, company_size_band
-- materialized: macro(as_of, period_start, period_end, source_filter, dimension)
-- The funnel of the period's lead cohort split by source, owner, team, industry, country or
-- company size band (`dimension`), with step-to-step conversion and lead -> opportunity
-- conversion, each with a 95% Wilson interval (DESIGN section 5). Segments are the lead's own
-- attributes, the same columns sql/marts/lead_records.sql shows, so a row and its drill-down
-- agree; the team is the lead owner's team as of the date (sql/DECISIONS.md).
with funnel_steps as (
  select * from int_lead_funnel_steps(as_of)
), owners as (
  select * from int_owner_teams_as_of(as_of)
), cohort_leads as (
  select f.*, coalesce(o.team, '(none)') as team
  from funnel_steps f
  left join owners o on o.system = f.system and o.owner = f.owner
  where in_period(f.created_at, period_start, period_end)
    and (source_filter is null or f.source_name = source_filter)
), with_size_band as (
  select *, company_size_band(employees) as company_size
  from cohort_leads
), segmented as (
  -- segment_value is what the lead_records column holds (null where the lead has none), for drill-downs
  select
    *,
    case dimension
      when 'source' then source_name
      when 'owner' then owner
      when 'team' then team
      when 'industry' then industry
      when 'country' then country
      when 'company_size' then company_size
      else error('funnel_by_segment: unknown dimension ' || coalesce(dimension, 'null') || ' (source, owner, team, industry, country, company_size)')
    end as segment_value
  from with_size_band
), labelled as (
  select
    *,
    coalesce(segment_value, case dimension when 'owner' then '(none)' else '(unknown)' end) as segment,
    -- size bands read smallest first; other dimensions are ordered by size below
    case when dimension = 'company_size' then list_position(['1-49', '50-249', '250-999', '1000+', 'unknown'], segment_value) end as segment_order
  from segmented
), by_segment as (
  select
    coalesce(segment, 'All leads') as segment,
    segment_value,
    segment_order,
    grouping(segment) = 1 as is_total,
    count(*) as leads,
    count(*) filter (where reached_mql) as mqls,
    count(*) filter (where reached_sql) as sqls,
    count(*) filter (where reached_opportunity) as opportunities,
    count(*) filter (where reached_won) as won
  from labelled
  group by grouping sets ((segment, segment_value, segment_order), ())
), with_rates as (
  select
    cast(dimension as varchar) as dimension,
    *,
    safe_ratio(mqls, leads) as mql_rate, wilson_low(mqls, leads) as mql_low, wilson_high(mqls, leads) as mql_high,
    safe_ratio(sqls, mqls) as sql_rate, wilson_low(sqls, mqls) as sql_low, wilson_high(sqls, mqls) as sql_high,
    safe_ratio(opportunities, sqls) as opportunity_rate, wilson_low(opportunities, sqls) as opportunity_low, wilson_high(opportunities, sqls) as opportunity_high,
    safe_ratio(won, opportunities) as won_rate, wilson_low(won, opportunities) as won_low, wilson_high(won, opportunities) as won_high,
    safe_ratio(opportunities, leads) as conversion_rate, wilson_low(opportunities, leads) as conversion_low, wilson_high(opportunities, leads) as conversion_high,
    safe_ratio(won, leads) as lead_to_won_rate, wilson_low(won, leads) as lead_to_won_low, wilson_high(won, leads) as lead_to_won_high
  from by_segment
)
select * from with_rates
order by is_total, segment_order nulls last, leads desc, segment
