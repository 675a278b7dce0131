-- An email as duplicates are matched on (DESIGN section 6, H1): trimmed and lower case; empty is unknown.
-- materialized: function(email)
nullif(lower(trim(email)), '')
