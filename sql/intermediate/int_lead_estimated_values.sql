-- grain: one row per lead that exists as of the date: what it would be worth as an opportunity
-- key: system, lead_id
-- reads: int_leads_as_of, int_opportunities_as_of, accounts, valid_on, company_size_band
-- materialized: macro(as_of)
-- DESIGN section 6, "Impact": a lead's estimated value is its budget amount where it has one,
-- else the typical (median) amount of deals won by the as-of date in its company-size segment
-- (the account's employees for a deal, the lead's own for a lead), else the median won amount
-- of the whole system, else null (nothing won yet: no basis for an estimate).
with won_deals as (
  select o.system, company_size_band(a.employees) as size_band, o.amount
  from int_opportunities_as_of(as_of) o
  left join accounts a on a.system = o.system and a.account_id = o.account_id and valid_on(a.valid_from, a.valid_to, as_of)
  where o.is_won_stage and o.amount > 0
), typical_by_segment as (
  select system, size_band, median(amount) as typical_amount from won_deals group by system, size_band
), typical_by_system as (
  select system, median(amount) as typical_amount from won_deals group by system
), estimated as (
  select
    l.system, l.lead_id, company_size_band(l.employees) as size_band,
    case
      when l.budget_amount > 0 then 'budget_amount'
      when s.typical_amount is not null then 'segment_median_won'
      when y.typical_amount is not null then 'median_won'
    end as estimate_basis,
    coalesce(case when l.budget_amount > 0 then l.budget_amount end, s.typical_amount, y.typical_amount) as estimated_value
  from int_leads_as_of(as_of) l
  left join typical_by_segment s on s.system = l.system and s.size_band = company_size_band(l.employees)
  left join typical_by_system y on y.system = l.system
)
select * from estimated
