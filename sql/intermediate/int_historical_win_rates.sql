-- grain: one row per cell an open deal can be in: open stage x age bucket x point in the quarter
-- key: stage, age_bucket, point_bucket
-- reads: int_win_rate_observations, int_history_quarters, int_opportunities_as_of, stage_map
-- materialized: macro(as_of_date, min_observations := 20)
-- The empirical probability that a deal in a cell was won within the quarter (DESIGN section 5,
-- "historical"; sql/DECISIONS.md), learned only from the quarters known as of the date
-- (int_history_quarters: ended before the snapshot used, so their snapshots all precede it).
-- A deal seen open at a snapshot of quarter Q is won when the snapshot used as of the date shows
-- it closed won with its closed-on date inside Q (so slips, later wins and losses all count as
-- not won). p = won / seen per cell; a cell seen fewer than min_observations times falls back to
-- its stage's rate over every age and point, and a stage seen fewer times to the rate over all
-- cells; p_level says which. With no observation at all, p is null.
with quarters as (
  select * from int_history_quarters(as_of_date)
), outcomes as (
  -- each deal's fate as the snapshot used as of the date shows it
  select system, opportunity_id, is_won_stage, closed_on from int_opportunities_as_of(as_of_date)
), observations as (
  select
    o.stage, o.age_bucket, o.point_bucket, o.observations,
    coalesce(w.is_won_stage and w.closed_on between q.quarter_start and q.quarter_end, false) as is_won_in_quarter
  from int_win_rate_observations o
  join quarters q on q.quarter_start = o.quarter_start
  -- a deal gone from the snapshot used (deleted) was not won
  left join outcomes w on w.system = o.system and w.opportunity_id = o.opportunity_id
), by_cell as (
  select stage, age_bucket, point_bucket, sum(observations) as seen, coalesce(sum(observations) filter (where is_won_in_quarter), 0) as won
  from observations group by all
), by_stage as (
  select stage, sum(seen) as seen, sum(won) as won from by_cell group by stage
), overall as (
  select coalesce(sum(seen), 0) as seen, coalesce(sum(won), 0) as won from by_cell
), grid as (
  select s.stage, s.stage_order, a.age_bucket, p.point_bucket
  from stage_map s
  cross join (values ('0-30'), ('31-90'), ('91+'), ('unknown')) a(age_bucket)
  cross join (values ('0-29'), ('30-59'), ('60+')) p(point_bucket)
  where not s.is_closed
), rates as (
  select
    g.stage, g.stage_order, g.age_bucket, g.point_bucket,
    coalesce(c.seen, 0) as cell_seen, coalesce(c.won, 0) as cell_won,
    coalesce(s.seen, 0) as stage_seen, coalesce(s.won, 0) as stage_won,
    a.seen as all_seen, a.won as all_won,
    case
      when coalesce(c.seen, 0) >= min_observations then 'cell'
      when coalesce(s.seen, 0) >= min_observations then 'stage'
      when a.seen > 0 then 'all'
    end as p_level
  from grid g
  left join by_cell c on c.stage = g.stage and c.age_bucket = g.age_bucket and c.point_bucket = g.point_bucket
  left join by_stage s on s.stage = g.stage
  cross join overall a
), resolved as (
  select *,
    case p_level
      when 'cell' then cell_won / cell_seen
      when 'stage' then stage_won / stage_seen
      when 'all' then all_won / all_seen
    end as p
  from rates
)
select * from resolved
