-- Inventory speed: cluster names are DNS-safe ASCII, so byte order ("C") sorts them exactly as a
-- person expects and far faster than a locale collation; cost is a plain float for cheap sorting.
ALTER TABLE clusters ALTER COLUMN name TYPE text COLLATE "C";
ALTER TABLE clusters ALTER COLUMN monthly_cost_usd TYPE double precision;
-- The inventory's most common views: one engine or one environment, by cost or by age.
CREATE INDEX clusters_engine_cost_idx ON clusters (engine, monthly_cost_usd DESC, name);
CREATE INDEX clusters_env_created_idx ON clusters (environment, created_at DESC, name);
