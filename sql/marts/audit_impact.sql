-- grain: one row: what misclassification does to the pipeline, the funnel and the forecast
-- key: (one row)
-- reads: audit_findings, int_lead_estimated_values, int_opportunities_as_of, int_leads_as_of, forecast_summary, stage_map, in_period, safe_ratio
-- materialized: macro(as_of, quarter_start, quarter_end, funnel_start, funnel_end)
-- DESIGN section 6, "Impact", as of the snapshot, counting each record once however many rules
-- it breaks, and leaving out findings a reviewer marked not an issue:
-- - hidden pipeline: leads breaking L1, L2 or L3 (they look like opportunities), at their
--   estimated value (int_lead_estimated_values: budget amount, else the median won deal of their
--   segment); leads with no basis for an estimate are counted, not valued. L4 is left out: a
--   shadow lead's deal is already open, so converting it would count the same pipeline twice;
-- - inflated pipeline: open opportunities breaking an O rule (they look like leads), at amount;
-- - the open pipeline as it reads and as it would read with both reclassified;
-- - the funnel: lead -> opportunity conversion of the leads created in the funnel period, as it
--   reads, and with the hidden leads converted and the leads behind inflated opportunities not;
-- - the forecast: the quarter's weighted pipeline (forecast_summary) as it reads, and without
--   the inflated deals closing in the quarter but with the hidden leads at the default
--   probability of the qualification stage, as if each became a deal closing this quarter
--   (an upper bound: some would close later).
with findings as (
  select * from audit_findings(as_of) where status <> 'not_an_issue'
), hidden as (
  select distinct f.system, f.record_id as lead_id
  from findings f where f.record_kind = 'lead' and f.rule_id in ('L1', 'L2', 'L3')
), hidden_valued as (
  select h.*, e.estimated_value from hidden h
  left join int_lead_estimated_values(as_of) e on e.system = h.system and e.lead_id = h.lead_id
), opportunities_as_of as (
  select *, coalesce(amount, 0) as amount_or_zero from int_opportunities_as_of(as_of)
), inflated as (
  select distinct o.system, o.opportunity_id, o.lead_id, o.amount_or_zero, o.forecast_probability, o.close_date
  from findings f
  join opportunities_as_of o on o.system = f.system and o.opportunity_id = f.record_id
  where f.record_kind = 'opportunity' and f.rule_id like 'O%' and o.is_open_stage
), leads_in_funnel as (
  select l.system, l.lead_id, l.has_converted, l.converted_opportunity_id
  from int_leads_as_of(as_of) l
  where in_period(l.created_at, funnel_start, funnel_end)
), funnel as (
  select
    count(*) as funnel_leads,
    count(*) filter (where has_converted) as funnel_converted,
    count(*) filter (where not has_converted and exists (
      select 1 from hidden h where h.system = l.system and h.lead_id = l.lead_id)) as funnel_hidden,
    count(*) filter (where has_converted and exists (
      select 1 from inflated i where i.system = l.system
        and (i.lead_id = l.lead_id or i.opportunity_id = l.converted_opportunity_id))) as funnel_inflated
  from leads_in_funnel l
), totals as (
  select
    (select count(*) from hidden_valued) as hidden_leads,
    (select coalesce(sum(estimated_value), 0) from hidden_valued) as hidden_value,
    (select count(*) from hidden_valued where estimated_value is null) as hidden_leads_without_estimate,
    (select count(*) from inflated) as inflated_opportunities,
    (select coalesce(sum(amount_or_zero), 0) from inflated) as inflated_amount,
    (select coalesce(sum(amount_or_zero * forecast_probability), 0) from inflated
      where in_period(close_date, quarter_start, quarter_end)) as inflated_weighted_in_quarter,
    (select coalesce(sum(amount_or_zero), 0) from opportunities_as_of where is_open_stage) as open_pipeline,
    (select weighted_pipeline from forecast_summary(as_of, quarter_start, quarter_end)) as weighted_forecast,
    (select default_probability from stage_map where stage = 'qualification') as qualification_probability
)
select
  t.hidden_leads, t.hidden_value, t.hidden_leads_without_estimate,
  t.inflated_opportunities, t.inflated_amount, t.inflated_weighted_in_quarter,
  t.open_pipeline,
  t.open_pipeline - t.inflated_amount + t.hidden_value as open_pipeline_reclassified,
  f.funnel_leads, f.funnel_converted, f.funnel_hidden, f.funnel_inflated,
  safe_ratio(f.funnel_converted, f.funnel_leads) as conversion_rate,
  safe_ratio(f.funnel_converted + f.funnel_hidden - f.funnel_inflated, f.funnel_leads) as conversion_rate_reclassified,
  t.weighted_forecast,
  t.weighted_forecast - t.inflated_weighted_in_quarter + t.hidden_value * t.qualification_probability as weighted_forecast_reclassified,
  t.qualification_probability
from totals t, funnel f
