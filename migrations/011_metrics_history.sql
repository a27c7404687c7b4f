-- Metrics history: raw points per node (one per raw interval, kept for a few days, one partition per
-- UTC day so expiry is a DROP TABLE rather than a DELETE), hourly and daily rollups per node and per
-- cluster (kept for years), and the usage series each simulated cluster follows.

CREATE TABLE metric_points (
  cluster_id     uuid NOT NULL,
  node_id        uuid NOT NULL,
  at             timestamptz NOT NULL,   -- start of the raw interval the values average over
  disk_used_gb   real,
  disk_total_gb  real,
  memory_used_gb real,
  memory_total_gb real,
  fill           real,                   -- capacity resource used / (resource x engine fill limit); 1 = full
  reads_per_s    real,
  writes_per_s   real,
  p99_ms         real,
  PRIMARY KEY (node_id, at)              -- one point per node per interval: a replayed batch writes nothing twice
) PARTITION BY RANGE (at);
-- The rollup reads every point of an hour or two. Points arrive in time order, so a block-range
-- index finds them for a few kilobytes a day; a B-tree on (cluster_id, at) would add ~40 MB a day
-- per 1,000 nodes. A cluster's points are read through its nodes' ids (the primary key).
CREATE INDEX metric_points_at_idx ON metric_points USING brin (at);

-- Creates the partition holding `day` (UTC) unless it exists. Writers and the rollup job call it;
-- the advisory lock makes two callers at once wait for each other instead of failing.
CREATE FUNCTION metric_points_ensure_partition(day date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  partition text := 'metric_points_' || to_char(day, 'YYYYMMDD');
BEGIN
  IF to_regclass(partition) IS NOT NULL THEN RETURN; END IF;
  PERFORM pg_advisory_xact_lock(7311042011);
  IF to_regclass(partition) IS NOT NULL THEN RETURN; END IF;
  EXECUTE format('CREATE TABLE %I PARTITION OF metric_points FOR VALUES FROM (%L) TO (%L)',
                 partition, day::timestamp AT TIME ZONE 'UTC', (day + 1)::timestamp AT TIME ZONE 'UTC');
END $$;

SELECT metric_points_ensure_partition((now() AT TIME ZONE 'UTC')::date + d) FROM generate_series(-1, 3) AS d;

CREATE TABLE node_metric_rollups (
  node_id            uuid NOT NULL,
  cluster_id         uuid NOT NULL,
  resolution         text NOT NULL CHECK (resolution IN ('hour', 'day')),
  bucket             timestamptz NOT NULL,
  samples            integer NOT NULL,
  fill_max           real,
  disk_used_gb_max   real,
  memory_used_gb_max real,
  reads_avg          real,
  reads_max          real,
  writes_avg         real,
  writes_max         real,
  p99_avg            real,
  p99_max            real,
  PRIMARY KEY (node_id, resolution, bucket)
);
-- The rollup job folds the hours of a day into the day: it reads by time, across every node.
CREATE INDEX node_metric_rollups_bucket_idx ON node_metric_rollups (bucket);

CREATE TABLE cluster_metric_rollups (
  cluster_id  uuid NOT NULL,
  resolution  text NOT NULL CHECK (resolution IN ('hour', 'day')),
  bucket      timestamptz NOT NULL,
  samples     integer NOT NULL,
  fill_max    real,      -- max over nodes: the first node to fill is the one that fails
  used_gb_max real,      -- fill_max x capacity_gb: the use that, spread like the fullest node, fills the cluster
  capacity_gb real,      -- the cluster's usable capacity (spec.usableCapacityGb) at that time
  reads_avg   real,      -- reads and writes are summed over nodes
  reads_max   real,
  writes_avg  real,
  writes_max  real,
  p99_max     real,
  node_count  integer NOT NULL,
  -- The primary key serves "daily rollups of these clusters since day X" (cluster_id = ANY, resolution, bucket >=).
  PRIMARY KEY (cluster_id, resolution, bucket)
);
CREATE INDEX cluster_metric_rollups_bucket_idx ON cluster_metric_rollups (bucket);

-- How far the rollup job has folded raw points into hours: each run recomputes from the hour
-- before this mark (hours not yet final), so a run after a long pause catches up.
CREATE TABLE metric_rollup_progress (
  name       text PRIMARY KEY,
  done_until timestamptz NOT NULL
);

-- A simulated cluster's usage follows one seeded series from `origin` (its history starts there)
-- at a fixed capacity; written once, when its history is backfilled, and read by the simulator so
-- its live disk and memory continue the history.
CREATE TABLE sim_usage_series (
  cluster_id   uuid PRIMARY KEY,
  origin       timestamptz NOT NULL,
  capacity_gb  real NOT NULL,
  history_days integer NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
