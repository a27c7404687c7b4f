-- Workload runs (benchmarks/workload): one row per workload run against a cluster, on demand or
-- before/after an upgrade. The HDR histogram keeps every latency (compactly); samples keep up to
-- 2,000 raw latencies for rank tests between runs.
CREATE TABLE benchmark_runs (
  id               uuid PRIMARY KEY,
  cluster_id       uuid NOT NULL REFERENCES clusters (id),
  operation_id     uuid,
  workload_name    text NOT NULL,
  workload         jsonb NOT NULL,               -- the full definition that ran
  engine           text NOT NULL,
  cluster_version  text NOT NULL,
  node_versions    jsonb NOT NULL,               -- [{ node, role, version }]
  phase            text NOT NULL CHECK (phase IN ('on-demand', 'before', 'after')),
  simulated        boolean NOT NULL,
  started_at       timestamptz NOT NULL,
  finished_at      timestamptz NOT NULL,
  measured_seconds double precision NOT NULL,
  operations       bigint NOT NULL,
  errors           bigint NOT NULL,
  ops_per_second   double precision NOT NULL,
  avg_ms           double precision NOT NULL,
  p50_ms           double precision NOT NULL,
  p95_ms           double precision NOT NULL,
  p99_ms           double precision NOT NULL,
  p999_ms          double precision NOT NULL,
  max_ms           double precision NOT NULL,
  by_operation     jsonb NOT NULL,               -- { read: summary, write: summary }
  histogram        text NOT NULL,                -- HdrHistogram V2, compressed, base64; microseconds
  samples          jsonb NOT NULL,               -- up to 2,000 latencies in ms
  error_messages   jsonb NOT NULL DEFAULT '[]',
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX benchmark_runs_cluster_idx ON benchmark_runs (cluster_id, created_at DESC);
-- A resumed benchmark step finds the runs it already stored instead of storing them twice.
CREATE UNIQUE INDEX benchmark_runs_operation_workload_idx ON benchmark_runs (operation_id, workload_name, phase) WHERE operation_id IS NOT NULL;
