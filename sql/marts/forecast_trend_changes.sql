-- grain: one row per loaded snapshot date in forecast_trend's window but its first, against the snapshot before it
-- key: snapshot_date
-- reads: snapshots, stg_opportunities, valid_on, in_period
-- materialized: macro(as_of_date, period_start, period_end)
-- What moved the forecast for the period (DESIGN section 1: "how has the forecast moved since last
-- week, and why"), snapshot by snapshot over forecast_trend's window: each deal's version valid on
-- a snapshot date against its version valid on the previous snapshot date of the window. "In the
-- period" is forecast_trend's: open with a close date in the period (any forecast category,
-- omitted too), or won with its closed-on date in it. Each deal is in at most one of:
--   won: won in the period now, not at the previous snapshot (whatever it was then, so a deal
--     created and won in between counts); amount = its amount now;
--   lost: open in the period then, lost now; amount = its amount then;
--   created: absent then and created on or after the previous snapshot date (or no creation date),
--     open in the period now; amount now (a deal first loaded later, or restored, is not created);
--   pulled in: open then with its close date outside the period (or none), open in it now; amount now;
--   pushed out: open in the period then, open now with its close date outside it (or none); amount then.
-- Deals open in the period at both snapshots: probability raised / lowered (forecast_probability,
-- the one that weights the pipeline), probability_weighted_change = sum(amount now x (p now - p
-- then)); resized: amount changed, resized_weighted_change = sum(p then x (amount now - amount
-- then)), so the two add up to those deals' change of weighted value; category moved up or down
-- on the scale omitted < pipeline < best case < commit (forecast_category_or_stage).
-- weighted_change = forecast_trend's weighted pipeline (closed won + amount x probability of the
-- open deals in the period) now less then; weighted figures are rounded to cents. A deal deleted,
-- restored, reopened, or won on a date outside the period moves it in none of the columns above.
with snapshot_dates as (
  -- forecast_trend's window
  select as_of as snapshot_date from snapshots
  where as_of <= cast(as_of_date as date) and (period_start is null or as_of >= cast(period_start as date) - interval 13 week)
), snapshot_pairs as (
  select lag(snapshot_date) over (order by snapshot_date) as previous_date, snapshot_date from snapshot_dates
), versions as (
  -- one pass over the versions: each deal as it stood on each snapshot date of the window
  select d.snapshot_date, o.system, o.opportunity_id, o.created_at,
    coalesce(o.amount, 0) as amount_or_zero, o.forecast_probability,
    coalesce(o.is_open_stage, false) as is_open,
    coalesce(o.is_lost_stage, false) as is_lost,
    coalesce(o.is_open_stage and in_period(o.close_date, period_start, period_end), false) as is_open_in_period,
    coalesce(o.is_won_stage and in_period(o.closed_on, period_start, period_end), false) as is_won_in_period,
    list_position(['omitted', 'pipeline', 'best_case', 'commit'], o.forecast_category_or_stage) as category_rank
  from snapshot_dates d
  join stg_opportunities o on valid_on(o.valid_from, o.valid_to, d.snapshot_date)
), weighted as (
  select *,
    case when is_won_in_period then amount_or_zero when is_open_in_period then amount_or_zero * forecast_probability else 0 end as weighted_value
  from versions
), with_previous as (
  -- the deal's row at its previous snapshot in the window: the previous snapshot date's only if it existed then
  select
    w.*, p.previous_date,
    coalesce(lag(w.snapshot_date) over deal = p.previous_date, false) as existed_before,
    lag(w.amount_or_zero) over deal as previous_amount,
    lag(w.forecast_probability) over deal as previous_probability,
    lag(w.is_open) over deal as was_open,
    lag(w.is_open_in_period) over deal as was_open_in_period,
    lag(w.is_won_in_period) over deal as was_won_in_period,
    lag(w.category_rank) over deal as previous_category_rank
  from weighted w
  join snapshot_pairs p on p.snapshot_date = w.snapshot_date
  window deal as (partition by w.system, w.opportunity_id order by w.snapshot_date)
), classified as (
  select *,
    -- each field "then" is the previous snapshot's only where the deal existed then
    existed_before and was_open_in_period and is_open_in_period as is_in_both,
    is_won_in_period and not (existed_before and was_won_in_period) as is_won,
    existed_before and was_open_in_period and is_lost as is_newly_lost,
    not existed_before and is_open_in_period
      and (created_at is null or created_at >= previous_date) as is_created,
    existed_before and was_open and not was_open_in_period and is_open_in_period as is_pulled_in,
    existed_before and was_open_in_period and is_open and not is_open_in_period as is_pushed_out
  from with_previous
), by_snapshot as (
  select
    snapshot_date,
    count(*) filter (where is_won) as won_deals,
    coalesce(sum(amount_or_zero) filter (where is_won), 0) as won_amount,
    count(*) filter (where is_newly_lost) as lost_deals,
    coalesce(sum(previous_amount) filter (where is_newly_lost), 0) as lost_amount,
    count(*) filter (where is_created) as created_deals,
    coalesce(sum(amount_or_zero) filter (where is_created), 0) as created_amount,
    count(*) filter (where is_pulled_in) as pulled_in_deals,
    coalesce(sum(amount_or_zero) filter (where is_pulled_in), 0) as pulled_in_amount,
    count(*) filter (where is_pushed_out) as pushed_out_deals,
    coalesce(sum(previous_amount) filter (where is_pushed_out), 0) as pushed_out_amount,
    count(*) filter (where is_in_both and forecast_probability > previous_probability) as probability_raised_deals,
    count(*) filter (where is_in_both and forecast_probability < previous_probability) as probability_lowered_deals,
    round(coalesce(sum(amount_or_zero * (forecast_probability - previous_probability)) filter (where is_in_both), 0), 2) as probability_weighted_change,
    count(*) filter (where is_in_both and amount_or_zero <> previous_amount) as resized_deals,
    round(coalesce(sum(previous_probability * (amount_or_zero - previous_amount)) filter (where is_in_both), 0), 2) as resized_weighted_change,
    count(*) filter (where is_in_both and category_rank > previous_category_rank) as category_up_deals,
    count(*) filter (where is_in_both and category_rank < previous_category_rank) as category_down_deals,
    round(coalesce(sum(weighted_value), 0), 2) as weighted_pipeline
  from classified
  group by snapshot_date
), changes as (
  -- a snapshot holding no deal at all has no row in by_snapshot: its figures are 0
  select
    strftime(p.snapshot_date, '%Y-%m-%d') as snapshot_date,
    strftime(p.previous_date, '%Y-%m-%d') as previous_snapshot_date,
    coalesce(b.won_deals, 0) as won_deals, coalesce(b.won_amount, 0) as won_amount,
    coalesce(b.lost_deals, 0) as lost_deals, coalesce(b.lost_amount, 0) as lost_amount,
    coalesce(b.created_deals, 0) as created_deals, coalesce(b.created_amount, 0) as created_amount,
    coalesce(b.pulled_in_deals, 0) as pulled_in_deals, coalesce(b.pulled_in_amount, 0) as pulled_in_amount,
    coalesce(b.pushed_out_deals, 0) as pushed_out_deals, coalesce(b.pushed_out_amount, 0) as pushed_out_amount,
    coalesce(b.probability_raised_deals, 0) as probability_raised_deals,
    coalesce(b.probability_lowered_deals, 0) as probability_lowered_deals,
    coalesce(b.probability_weighted_change, 0) as probability_weighted_change,
    coalesce(b.resized_deals, 0) as resized_deals, coalesce(b.resized_weighted_change, 0) as resized_weighted_change,
    coalesce(b.category_up_deals, 0) as category_up_deals, coalesce(b.category_down_deals, 0) as category_down_deals,
    coalesce(lag(b.weighted_pipeline) over (order by p.snapshot_date), 0) as previous_weighted_pipeline,
    coalesce(b.weighted_pipeline, 0) as weighted_pipeline
  from snapshot_pairs p
  left join by_snapshot b on b.snapshot_date = p.snapshot_date
), with_change as (
  select *, weighted_pipeline - previous_weighted_pipeline as weighted_change
  from changes
  -- the window's first snapshot has no previous to compare with
  where previous_snapshot_date is not null
)
select * from with_change
order by snapshot_date
