-- grain: one row per opportunity as of the date, with every attribute a figure filters or groups by
-- key: system, opportunity_id
-- reads: int_opportunity_attribution, int_owner_teams_as_of, accounts, valid_on
-- materialized: macro(as_of)
-- The records behind opportunity figures; attribution as in win_rate_by_source and source_roi (the
-- originating lead's source and campaign, else the opportunity's own: int_opportunity_attribution).
with opportunities as (
  select * from int_opportunity_attribution(as_of)
), owners as (
  select * from int_owner_teams_as_of(as_of)
), accounts as (
  select system, account_id, name, industry, country, employees from accounts where valid_on(valid_from, valid_to, as_of)
), described as (
  select
    o.system, o.opportunity_id, o.name, o.created_at, strftime(o.created_at, '%Y-%m') as created_month,
    o.account_id, a.name as account_name, a.industry, a.country, a.employees,
    o.owner, coalesce(t.team, '(none)') as team, o.type, o.amount, o.stage, o.stage_order, o.raw_stage,
    o.win_probability, o.forecast_probability, o.forecast_category, o.forecast_category_or_stage, o.close_date, o.closed_on,
    o.is_open_stage as is_open, o.is_won_stage as is_won, o.is_lost_stage as is_lost,
    o.attributed_source as source, o.lead_id, o.attributed_campaign_id as campaign_id,
    date_diff('day', o.created_at, o.closed_on) as days_to_close, o.last_activity_at, o.lost_reason
  from opportunities o
  left join owners t on t.system = o.system and t.owner = o.owner
  left join accounts a on a.system = o.system and a.account_id = o.account_id
)
select * from described
