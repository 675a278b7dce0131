-- grain: one row per stage an opportunity entered, in order
-- key: system, opportunity_id, entered_at
-- reads: opportunity_stage_history, stg_opportunities
-- A CRM's own stage history (Salesforce OpportunityHistory, HubSpot deal stage history) is exact
-- to the minute; history derived from snapshots knows a change only to the week. Where the CRM's
-- history exists for an opportunity it wins and the snapshots are not used for it (DESIGN section 3).
with crm_history as (
  select system, opportunity_id, stage, changed_at as entered_at
  from opportunity_stage_history
  where valid_to is null
), snapshot_history as (
  -- each version's stage from the snapshot it first appeared in (the first from creation, when known)
  select
    system, opportunity_id, stage,
    case when row_number() over (partition by system, opportunity_id order by valid_from) = 1
      then coalesce(created_at, cast(valid_from as timestamp)) else cast(valid_from as timestamp) end as entered_at
  from stg_opportunities
), with_crm_history as (
  select distinct system, opportunity_id from crm_history
), combined as (
  select *, 'crm_history' as evidence from crm_history
  union all
  select s.*, 'snapshots' as evidence from snapshot_history s
  where not exists (select 1 from with_crm_history c where c.system = s.system and c.opportunity_id = s.opportunity_id)
), changes_only as (
  -- a version that changed something other than the stage is not a stage change
  select *, lag(stage) over (partition by system, opportunity_id order by entered_at, stage) as previous_stage
  from combined
), stage_changes as (
  select system, opportunity_id, stage, entered_at, evidence,
    lead(entered_at) over (partition by system, opportunity_id order by entered_at) as left_at
  from changes_only
  where previous_stage is null or previous_stage <> stage
)
select * from stage_changes
