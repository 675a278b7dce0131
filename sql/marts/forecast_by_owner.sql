-- grain: one row per team, and one per owner within each team, with the period's forecast as of the snapshot
-- key: level, team, owner
-- reads: int_opportunities_as_of, int_owner_teams_as_of, int_historical_deal_probabilities, int_historical_forecast_state, targets, valid_on, in_period, safe_ratio
-- materialized: macro(as_of_date, period_start, period_end)
-- forecast_summary split by team and owner (DESIGN section 5, "Forecast for a period"; section 2:
-- every figure takes owner and team filters). The figures are forecast_summary's, counted over
-- each team's or owner's deals, so the team rows add up to the company's: closed won, open
-- pipeline, weighted pipeline, the cumulative commit and best case categories. The team is the
-- deal owner's team as of the date (int_owner_teams_as_of, '(no team)' when unknown); a deal with
-- no owner is '(no owner)'. team_value / owner_value hold what opportunity_records shows for the
-- drill-downs (null where the deal has none). owner is null on team rows.
-- Target: the targets naming the owner (owner rows; a target that also names a team counts for
-- the owner in that team) or naming the team and no owner (team rows), for the quarters wholly
-- inside the period, as forecast_summary's company target. Coverage as forecast_summary's.
-- Historical: closed won + sum(amount x p) over the owner's or team's open deals (every close
-- date, as forecast_historical), p from int_historical_deal_probabilities. The bookings expected
-- from deals not yet created are a company figure, not split by owner or team: they are left
-- out here, so team rows add up to forecast_historical's figure less expected_not_yet_created.
-- historical is null where forecast_historical's state says the method does not apply
-- (historical_note says why), closed won when the quarter is over.
with opportunities as (
  select * from int_opportunities_as_of(as_of_date)
), owners as (
  select * from int_owner_teams_as_of(as_of_date)
), historical_probabilities as (
  select system, opportunity_id, p from int_historical_deal_probabilities(as_of_date, period_start)
), historical_state as (
  select * from int_historical_forecast_state(as_of_date, period_start, period_end)
), targets_in_period as (
  select owner, team, amount
  from (
    select owner, team, amount, make_date(cast(left(period, 4) as integer), (cast(right(period, 1) as integer) - 1) * 3 + 1, 1) as quarter_start
    from targets
    where valid_on(valid_from, valid_to, as_of_date) and (owner is not null or team is not null)
  )
  -- only quarters wholly inside the period: a quarter's target says nothing about one month of it
  where period_start is not null and quarter_start >= cast(period_start as date)
    and quarter_start + interval 3 month - interval 1 day <= cast(period_end as date)
), owner_team_by_name as (
  -- targets name an owner but no system: the owner's team in any system (one, where names are unique)
  select owner, min(team) as team from owners group by owner
), team_targets as (
  select team, sum(amount) as amount from targets_in_period where owner is null group by team
), owner_targets as (
  select t.owner, coalesce(t.team, n.team, '(no team)') as team, sum(t.amount) as amount
  from targets_in_period t
  left join owner_team_by_name n on n.owner = t.owner
  where t.owner is not null
  group by all
), deals as (
  select
    coalesce(t.team, '(no team)') as team, t.team as team_value,
    coalesce(o.owner, '(no owner)') as owner, o.owner as owner_value,
    coalesce(o.amount, 0) as amount_or_zero,
    o.forecast_probability, o.forecast_category_or_stage,
    coalesce(o.is_won_stage and in_period(o.closed_on, period_start, period_end), false) as is_closed_won,
    -- an open deal with no close date closes in no period but `all`
    coalesce(o.is_open_stage and in_period(o.close_date, period_start, period_end), false) as is_open_in_period,
    -- every open deal, whatever its close date, has its row in int_historical_deal_probabilities
    h.opportunity_id is not null as is_priced,
    h.p,
    false as has_target
  from opportunities o
  left join owners t on t.system = o.system and t.owner = o.owner
  left join historical_probabilities h on h.system = o.system and h.opportunity_id = o.opportunity_id
), target_keys as (
  -- a team or owner with a target and no deal still gets its row
  select team, team as team_value, null as owner, null as owner_value from team_targets
  union all
  select team, nullif(team, '(no team)'), owner, owner from owner_targets
), keyed as (
  select * from deals
  union all
  select team, team_value, owner, owner_value, 0, null, null, false, false, false, null, true from target_keys
), grouped as (
  select
    case when grouping(owner) = 1 then 'team' else 'owner' end as level,
    team, any_value(team_value) as team_value, owner,
    case when grouping(owner) = 0 then any_value(owner_value) end as owner_value,
    bool_or(has_target) as has_target,
    count(*) filter (where is_closed_won) as closed_won_deals,
    coalesce(sum(amount_or_zero) filter (where is_closed_won), 0) as closed_won,
    count(*) filter (where is_open_in_period) as open_deals,
    coalesce(sum(amount_or_zero) filter (where is_open_in_period), 0) as open_pipeline,
    coalesce(sum(amount_or_zero * forecast_probability) filter (where is_open_in_period), 0) as weighted_open,
    coalesce(sum(amount_or_zero) filter (where is_open_in_period and forecast_category_or_stage = 'commit'), 0) as commit_open,
    coalesce(sum(amount_or_zero) filter (where is_open_in_period and forecast_category_or_stage = 'best_case'), 0) as best_case_open,
    count(*) filter (where is_priced) as historical_open_deals,
    count(*) filter (where is_priced and p is null) as deals_without_p,
    coalesce(sum(amount_or_zero * p) filter (where is_priced), 0) as historical_expected_open
  from keyed
  group by grouping sets ((team), (team, owner))
), kept as (
  -- the owner rows of team targets only (owner null) are no owners; a row with nothing to show is dropped
  select g.*
  from grouped g, historical_state st
  where not (g.level = 'owner' and g.owner is null)
    and (g.has_target or g.closed_won_deals > 0 or g.open_deals > 0
      or (st.method_applies and not st.is_period_over and g.historical_open_deals > 0))
), figures as (
  select
    k.level, k.team, k.owner, k.team_value, k.owner_value,
    k.closed_won_deals, k.closed_won, k.open_deals, k.open_pipeline,
    k.closed_won + k.weighted_open as weighted_pipeline,
    k.closed_won + k.commit_open as category_commit,
    k.closed_won + k.commit_open + k.best_case_open as category_best_case,
    case
      when not st.method_applies then null
      when st.is_period_over then k.closed_won
      -- a deal with no p: no open deal was seen in any past quarter
      when k.deals_without_p > 0 then null
      else k.closed_won + k.historical_expected_open
    end as historical,
    coalesce(st.note, case when k.deals_without_p > 0 then 'no open deal was seen in the past quarters, so no win rate is known' end) as historical_note,
    coalesce(tt.amount, ot.amount) as target
  from kept k
  cross join historical_state st
  left join team_targets tt on k.level = 'team' and tt.team = k.team
  left join owner_targets ot on k.level = 'owner' and ot.team = k.team and ot.owner = k.owner
), with_coverage as (
  select
    *,
    target - closed_won as remaining_to_target,
    case
      when target is null then 'no target'
      when closed_won >= target then 'target met'
      else 'open'
    end as coverage_status,
    case when target is not null and closed_won < target then safe_ratio(open_pipeline, target - closed_won) end as coverage,
    -- teams in name order, '(no team)' last; each team's row above its owners, '(no owner)' last
    row_number() over (order by team = '(no team)', team, level = 'owner', owner = '(no owner)', owner) as row_order
  from figures
)
select * from with_coverage
order by row_order
