-- An upgrade's paired read evidence: a `canary` run reads from the first changed replica while its
-- `baseline` run reads, at the same time, from a replica still on the old version.
ALTER TABLE benchmark_runs DROP CONSTRAINT benchmark_runs_phase_check;
ALTER TABLE benchmark_runs ADD CONSTRAINT benchmark_runs_phase_check
  CHECK (phase IN ('on-demand', 'before', 'after', 'canary', 'baseline'));
