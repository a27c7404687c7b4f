-- The inventory pages by keyset: each sort the API offers reads its page from an index of exactly
-- its order (services/fleet/sql/cluster-query.ts), so a page costs the same at any fleet size.
-- The name breaks ties ascending in both directions; ascending name, engine, status, version,
-- created_at and cost already have theirs (001).
CREATE INDEX clusters_node_count_idx ON clusters (node_count, name);
CREATE INDEX clusters_node_count_desc_idx ON clusters (node_count DESC, name);
CREATE INDEX clusters_created_desc_idx ON clusters (created_at DESC, name);
CREATE INDEX clusters_cost_desc_idx ON clusters (monthly_cost_usd DESC, name);
CREATE INDEX clusters_version_desc_idx ON clusters (version DESC, name);
CREATE INDEX clusters_status_desc_idx ON clusters (status DESC, name);
CREATE INDEX clusters_engine_desc_idx ON clusters (engine DESC, name);
-- A cluster without nodes sorts last both ways: an infinity of the right sign stands for it.
CREATE INDEX clusters_oldest_node_idx ON clusters ((coalesce(oldest_node_at, 'infinity'::timestamptz)), name);
CREATE INDEX clusters_oldest_node_desc_idx ON clusters ((coalesce(oldest_node_at, '-infinity'::timestamptz)) DESC, name);
