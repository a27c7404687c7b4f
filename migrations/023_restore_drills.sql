-- Restore drills: the latest good backup of a cluster restored into a scratch cluster, checked
-- against what the backup was recorded to hold, timed, and destroyed.

-- What a backup must hold, written by the control plane's probe just before the backup ran
-- (PostgreSQL: the datafleet_probe table's row count and checksum; Redis: keys and sampled hashes).
ALTER TABLE backups ADD COLUMN restore_expectation jsonb;

CREATE TABLE restore_drills (
  id               uuid PRIMARY KEY,
  cluster_id       uuid NOT NULL REFERENCES clusters(id),
  operation_id     uuid NOT NULL UNIQUE REFERENCES operations(id),
  backup_id        uuid REFERENCES backups(id),
  status           text NOT NULL CHECK (status IN ('running', 'passed', 'failed')),
  scheduled        boolean NOT NULL DEFAULT false,
  requested_by     text NOT NULL,
  -- The scratch cluster the backup was restored into (destroyed at the end of the drill).
  scratch_cluster_id uuid REFERENCES clusters(id),
  started_at       timestamptz NOT NULL DEFAULT now(),
  -- When the scratch cluster first served (its provision succeeded).
  serving_at       timestamptz,
  finished_at      timestamptz,
  -- Measured: seconds from the newest write the scratch cluster held to the drill's start (RPO),
  -- and from the drill's start to a serving scratch cluster (RTO).
  rpo_seconds      double precision,
  rto_seconds      double precision,
  newest_write_at  timestamptz,
  -- What was compared: expected and observed figures, and every mismatch.
  verification     jsonb,
  error            text,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX restore_drills_cluster_idx ON restore_drills (cluster_id, started_at DESC);
