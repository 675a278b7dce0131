-- grain: one row per system and canonical table
-- key: system, table_name
-- reads: leads, opportunities, accounts, contacts, owners, campaigns, source_costs, targets, opportunity_stage_history
-- Current records (in the latest snapshot of their system) and stored versions: history grows with
-- change, not with snapshots.
with versions as (
  select system, 'leads' as table_name, valid_to from leads
  union all select system, 'opportunities', valid_to from opportunities
  union all select system, 'accounts', valid_to from accounts
  union all select system, 'contacts', valid_to from contacts
  union all select system, 'owners', valid_to from owners
  union all select system, 'campaigns', valid_to from campaigns
  union all select system, 'source_costs', valid_to from source_costs
  union all select system, 'targets', valid_to from targets
  union all select system, 'opportunity_stage_history', valid_to from opportunity_stage_history
), counted as (
  select system, table_name, count(*) filter (where valid_to is null) as current_records, count(*) as versions
  from versions
  group by system, table_name
)
select * from counted
order by system, table_name
