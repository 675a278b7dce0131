-- grain: one row per configured lead score (points, crm), judged on the held-out settled leads
-- key: score
-- reads: lead_score_training_set
-- materialized: macro(as_of)
-- AUC: the chance that a converted lead scores above one that did not (a tie counting half), by
-- the Mann-Whitney rank sum: rank every scored lead by score (ties share their average rank), then
-- AUC = (sum of the converted leads' ranks - P (P + 1) / 2) / (P N), P and N the converted and
-- unconverted leads with a score. 0.5 is chance, 1 a perfect ranking. Null when either class is
-- empty (no score, or the CRM exports none). server/statistics/logistic-regression.ts auc() is
-- the same formula for the learned score, which SQL cannot fit.
with training_set as (
  select * from lead_score_training_set(as_of)
), holdout as (
  select * from training_set where is_holdout
), scores as (
  select * from (values ('points', 1), ('crm', 2)) as s(score, score_order)
), holdout_scores as (
  select 'points' as score, cast(points_score as double) as value, converted from holdout
  union all
  select 'crm' as score, cast(crm_score as double) as value, converted from holdout
), ranked as (
  -- a tie of t leads from rank r holds ranks r .. r + t - 1: each gets their mean, r + (t - 1) / 2
  select
    score, converted,
    rank() over (partition by score order by value) + (count(*) over (partition by score, value) - 1) / 2 as average_rank
  from holdout_scores
  where value is not null
), rank_sums as (
  select
    score,
    count(*) filter (where converted) as positives,
    count(*) filter (where not converted) as negatives,
    coalesce(sum(average_rank) filter (where converted), 0) as positive_rank_sum
  from ranked
  group by score
), judged as (
  select
    s.score, s.score_order,
    (select count(*) from holdout) as holdout_leads,
    coalesce(r.positives, 0) + coalesce(r.negatives, 0) as scored_leads,
    coalesce(r.positives, 0) as positives,
    coalesce(r.negatives, 0) as negatives,
    case when r.positives > 0 and r.negatives > 0
      then (r.positive_rank_sum - r.positives * (r.positives + 1) / 2) / (r.positives * r.negatives) end as auc
  from scores s
  left join rank_sums r on r.score = s.score
)
select score, holdout_leads, scored_leads, positives, negatives, auc from judged order by score_order
