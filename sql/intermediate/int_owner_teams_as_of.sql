-- grain: one row per owner known as of the date
-- key: system, owner
-- reads: owners, valid_on
-- materialized: macro(as_of)
select system, owner, team from owners where valid_on(valid_from, valid_to, as_of)
