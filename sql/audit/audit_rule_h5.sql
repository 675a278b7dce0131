-- grain: one row per opportunity that breaks rule H5 as of the date
-- key: system, record_id
-- reads: int_opportunities_as_of
-- materialized: macro(as_of)
-- DESIGN section 6, H5: a won deal (its stage is won; the is_won flag is H6's business) with no
-- amount or amount zero: its win adds nothing to closed won or to the amount win rate.
with opportunities as (
  select * from int_opportunities_as_of(as_of)
), breaking as (
  select o.*
  from opportunities o
  where o.is_won_stage
    and coalesce(o.amount, 0) = 0
)
select
  b.system, 'opportunity' as record_kind, b.opportunity_id as record_id, 'H5' as rule_id, null::varchar as severity_override,
  b.owner, cast(b.amount as double) as amount_at_stake,
  json_object('stage', b.stage, 'amount', b.amount, 'closed_at', b.closed_at, 'close_date', b.close_date)::varchar as evidence,
  'won' || coalesce(' on ' || strftime(b.closed_on, '%Y-%m-%d'), '')
    || ' with ' || case when b.amount is null then 'no amount' else 'amount 0' end as why
from breaking b
