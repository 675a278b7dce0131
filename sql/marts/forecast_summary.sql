-- grain: one row: the forecast for the period as of the snapshot, by the simple methods
-- key: (one row)
-- reads: int_opportunities_as_of, targets, valid_on, in_period, safe_ratio
-- materialized: macro(as_of, period_start, period_end)
-- DESIGN section 5, "Forecast for a period": closed won so far (won deals closed in the period);
-- weighted pipeline = closed won + sum of amount x probability over open deals closing in the
-- period (probability by the configured policy); forecast categories cumulative as in Salesforce
-- (closed; commit = closed + commit; best case = closed + commit + best case; open pipeline = every
-- open deal closing in the period; the pipeline category alone shown too); coverage = open
-- pipeline / (target - closed won) for a period with a company target. Open deals with no close
-- date count only in the period all. Amounts missing count as 0.
with opportunities as (
  select *, coalesce(amount, 0) as amount_or_zero from int_opportunities_as_of(as_of)
), closed_won as (
  select count(*) as deals, coalesce(sum(amount_or_zero), 0) as amount
  from opportunities where is_won_stage and in_period(closed_on, period_start, period_end)
), open_in_period as (
  select * from opportunities where is_open_stage and in_period(close_date, period_start, period_end)
), open_totals as (
  select
    count(*) as deals,
    coalesce(sum(amount_or_zero), 0) as amount,
    coalesce(sum(amount_or_zero * forecast_probability), 0) as weighted,
    coalesce(sum(amount_or_zero) filter (where forecast_category_or_stage = 'commit'), 0) as commit_amount,
    coalesce(sum(amount_or_zero) filter (where forecast_category_or_stage = 'best_case'), 0) as best_case_amount,
    coalesce(sum(amount_or_zero) filter (where forecast_category_or_stage = 'pipeline'), 0) as pipeline_amount,
    coalesce(sum(amount_or_zero) filter (where forecast_category_or_stage = 'omitted'), 0) as omitted_amount,
    count(*) filter (where probability = 0) as deals_at_zero_probability
  from open_in_period
), company_target as (
  -- the company's target (owner and team empty) for the quarters inside the period
  select sum(amount) as amount, count(*) as quarters
  from (
    select amount, make_date(cast(left(period, 4) as integer), (cast(right(period, 1) as integer) - 1) * 3 + 1, 1) as quarter_start
    from targets
    where valid_on(valid_from, valid_to, as_of) and owner is null and team is null
  )
  -- only quarters wholly inside the period: a quarter's target says nothing about one month of it
  where period_start is not null and quarter_start >= cast(period_start as date)
    and quarter_start + interval 3 month - interval 1 day <= cast(period_end as date)
), summary as (
  select
    w.deals as closed_won_deals,
    w.amount as closed_won,
    o.deals as open_deals,
    o.amount as open_pipeline,
    o.weighted as weighted_open,
    w.amount + o.weighted as weighted_pipeline,
    w.amount as category_closed,
    w.amount + o.commit_amount as category_commit,
    w.amount + o.commit_amount + o.best_case_amount as category_best_case,
    o.pipeline_amount as category_pipeline_alone,
    o.omitted_amount as category_omitted,
    o.deals_at_zero_probability,
    t.amount as target,
    t.amount - w.amount as remaining_to_target,
    case
      when t.amount is null then 'no target'
      when w.amount >= t.amount then 'target met'
      else 'open'
    end as coverage_status,
    case when t.amount is not null and w.amount < t.amount then safe_ratio(o.amount, t.amount - w.amount) end as coverage
  from closed_won w, open_totals o, company_target t
)
select * from summary
