-- Whether a record version (valid_from inclusive, valid_to exclusive, null = current) holds on a date.
-- materialized: function(valid_from, valid_to, as_of)
valid_from <= as_of and (valid_to is null or valid_to > as_of)
