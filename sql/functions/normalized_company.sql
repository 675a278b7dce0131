-- A company name as duplicates and shadow records are matched on (DESIGN section 6, H1 and L4):
-- lower case, punctuation to spaces, runs of spaces to one, and one trailing legal suffix
-- (inc, llc, ltd, gmbh, corp, co, plc, ag, sa, bv, pty, limited, corporation, incorporated,
-- company) dropped, so "Acme, Inc." and "ACME inc" match. Empty is unknown.
-- materialized: function(company)
nullif(trim(regexp_replace(
  trim(regexp_replace(regexp_replace(lower(company), '[^a-z0-9]+', ' ', 'g'), '\s+', ' ', 'g')),
  '\s(inc|llc|ltd|gmbh|corp|co|plc|ag|sa|bv|pty|limited|corporation|incorporated|company)$', '')), '')
