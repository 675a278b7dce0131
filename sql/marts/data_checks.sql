-- grain: one row per system and check, for the records as of the date (checks with no records included)
-- key: system, check_name
-- reads: int_leads_as_of, int_opportunities_as_of, accounts, campaigns, valid_on
-- materialized: macro(as_of)
-- What the loader accepted but a reader should know: references that do not resolve (the row is
-- kept; no model drops it), records lacking a date a figure needs (left out of that figure except
-- with period all), and values the figures treat specially. Shown in the Data view and load reports.
with leads as (
  select * from int_leads_as_of(as_of)
), opportunities as (
  select * from int_opportunities_as_of(as_of)
), accounts as (
  select system, account_id from accounts where valid_on(valid_from, valid_to, as_of)
), campaigns as (
  select system, campaign_id from campaigns where valid_on(valid_from, valid_to, as_of)
), systems_with_accounts as (
  select distinct system from accounts
), systems_with_campaigns as (
  select distinct system from campaigns
), systems_with_opportunities as (
  select distinct system from opportunities
), findings as (
  select o.system, 'opportunity_account_unresolved' as check_name, 'opportunities naming an account not in the export' as description,
    count(*) filter (where o.account_id is not null and a.account_id is null and o.system in (select system from systems_with_accounts)) as records
  from opportunities o left join accounts a on a.system = o.system and a.account_id = o.account_id group by o.system
  union all
  select o.system, 'opportunity_lead_unresolved', 'opportunities naming a lead not in the export',
    count(*) filter (where o.lead_id is not null and l.lead_id is null)
  from opportunities o left join leads l on l.system = o.system and l.lead_id = o.lead_id group by o.system
  union all
  select o.system, 'opportunity_campaign_unresolved', 'opportunities naming a campaign not in the export',
    count(*) filter (where o.campaign_id is not null and c.campaign_id is null and o.system in (select system from systems_with_campaigns))
  from opportunities o left join campaigns c on c.system = o.system and c.campaign_id = o.campaign_id group by o.system
  union all
  select l.system, 'lead_campaign_unresolved', 'leads naming a campaign not in the export',
    count(*) filter (where l.campaign_id is not null and c.campaign_id is null and l.system in (select system from systems_with_campaigns))
  from leads l left join campaigns c on c.system = l.system and c.campaign_id = l.campaign_id group by l.system
  union all
  select l.system, 'lead_converted_opportunity_unresolved', 'converted leads naming an opportunity not in the export',
    count(*) filter (where l.converted_opportunity_id is not null and o.opportunity_id is null and l.system in (select system from systems_with_opportunities))
  from leads l left join opportunities o on o.system = l.system and o.opportunity_id = l.converted_opportunity_id group by l.system
  union all
  select system, 'lead_created_at_missing', 'leads with no creation date (in period all only)', count(*) filter (where created_at is null)
  from leads group by system
  union all
  select system, 'opportunity_created_at_missing', 'opportunities with no creation date (in period all only)', count(*) filter (where created_at is null)
  from opportunities group by system
  union all
  select system, 'closed_opportunity_without_close', 'closed opportunities with neither closed_at nor close_date', count(*) filter (where not is_open_stage and closed_on is null)
  from opportunities group by system
  union all
  select system, 'closed_before_created', 'opportunities closing before they were created', count(*) filter (where coalesce(closed_on, close_date) < cast(created_at as date))
  from opportunities group by system
  union all
  select system, 'open_opportunity_zero_probability', 'open opportunities whose CRM probability is 0%', count(*) filter (where is_open_stage and probability = 0)
  from opportunities group by system
  union all
  select system, 'opportunity_amount_missing', 'opportunities with no amount (0 in amount figures)', count(*) filter (where amount is null)
  from opportunities group by system
)
select * from findings
order by system, check_name
