-- The upgrade gate judges slices of a run's measured window (per-slice p99 and mean), and may run the
-- after-benchmark again when the evidence is too noisy: each such rerun is stored as its own attempt.
ALTER TABLE benchmark_runs ADD COLUMN slices jsonb NOT NULL DEFAULT '[]';
ALTER TABLE benchmark_runs ADD COLUMN attempt integer NOT NULL DEFAULT 0 CHECK (attempt >= 0);
DROP INDEX benchmark_runs_operation_workload_idx;
CREATE UNIQUE INDEX benchmark_runs_operation_workload_idx
  ON benchmark_runs (operation_id, workload_name, phase, attempt) WHERE operation_id IS NOT NULL;
