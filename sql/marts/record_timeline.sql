-- grain: one row per stored version of one lead or opportunity (its snapshot timeline)
-- key: valid_from
-- reads: stg_leads, stg_opportunities
-- materialized: macro(record_kind, record_system, record_id)
-- What the record looked like from each snapshot that changed it: stage, amount, close date and
-- owner for an opportunity; status, owner and score for a lead.
with opportunity_versions as (
  select strftime(valid_from, '%Y-%m-%d') as valid_from, strftime(valid_to, '%Y-%m-%d') as valid_to,
    stage as state, amount, close_date, owner, win_probability as probability, forecast_category, null::double as score
  from stg_opportunities
  where record_kind = 'opportunity' and system = record_system and opportunity_id = record_id
), lead_versions as (
  select strftime(valid_from, '%Y-%m-%d'), strftime(valid_to, '%Y-%m-%d'),
    status, budget_amount, expected_decision_date, owner, null::double, null::varchar, score
  from stg_leads
  where record_kind = 'lead' and system = record_system and lead_id = record_id
), versions as (
  select * from opportunity_versions union all select * from lead_versions
)
select * from versions
order by valid_from
