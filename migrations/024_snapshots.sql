-- Cassandra and Elasticsearch snapshots on the simulated cloud, a backup's own admin login, and
-- in-place restores.

-- The simulated cloud's snapshot repository: one row per snapshot of a simulated cluster (Cassandra's
-- per-node snapshots under one id, Elasticsearch's snapshot of every primary shard). No foreign keys:
-- like sim_instances, it stands in for an outside provider that knows nothing of our records.
CREATE TABLE sim_snapshots (
  snapshot_id  text PRIMARY KEY,
  -- The backup operation's id: a repeated request finds the snapshot it already made.
  tag          text NOT NULL UNIQUE,
  cluster_id   uuid NOT NULL,
  engine       text NOT NULL,
  -- Each node's part: [{node, bytes, storedBytes}].
  manifest     jsonb NOT NULL,
  size_bytes   bigint NOT NULL,
  stored_bytes bigint NOT NULL,
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz NOT NULL,
  checksum     text NOT NULL,
  expired_at   timestamptz
);
CREATE INDEX sim_snapshots_cluster_idx ON sim_snapshots (cluster_id, started_at DESC);

-- Each node's part of a snapshot taken of several nodes under one id.
ALTER TABLE backups ADD COLUMN manifest jsonb;

-- The admin password the backed-up data holds (PostgreSQL keeps it in the data), sealed like
-- cluster_secrets: a clone logs in with it once, to set a password of its own.
ALTER TABLE backups
  ADD COLUMN login_ciphertext bytea,
  ADD COLUMN login_nonce      bytea,
  ADD COLUMN login_auth_tag   bytea,
  ADD COLUMN login_key_id     text;
