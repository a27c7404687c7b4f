-- Backups of clusters, each made by a `backup` operation; a restore makes a new cluster that
-- remembers where it came from.
CREATE TABLE backups (
  id             uuid PRIMARY KEY,
  cluster_id     uuid NOT NULL REFERENCES clusters(id),
  operation_id   uuid NOT NULL UNIQUE REFERENCES operations(id),
  engine         text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('full', 'diff', 'incr', 'snapshot')),
  status         text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'expired')),
  scheduled      boolean NOT NULL DEFAULT false,
  -- What the repository calls it (a pgBackRest label, a snapshot id), once it exists.
  label          text,
  size_bytes     bigint,
  stored_bytes   bigint,
  started_at     timestamptz,
  finished_at    timestamptz,
  wal_start      text,
  wal_stop       text,
  checksum       text,
  location       text,
  error          text,
  requested_by   text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX backups_cluster_idx ON backups (cluster_id, created_at DESC);

-- A cluster's backup policy; a cluster without a row follows its engine's default.
CREATE TABLE backup_policies (
  cluster_id       uuid PRIMARY KEY REFERENCES clusters(id),
  enabled          boolean NOT NULL,
  frequency_hours  integer NOT NULL CHECK (frequency_hours BETWEEN 1 AND 168),
  -- Every scheduled backup is full, or a full one every full_every_days and incrementals between.
  kind             text NOT NULL CHECK (kind IN ('full', 'incr', 'diff', 'snapshot')),
  full_every_days  integer NOT NULL CHECK (full_every_days BETWEEN 1 AND 90),
  retention_days   integer NOT NULL CHECK (retention_days BETWEEN 1 AND 3650),
  window_start_hour integer NOT NULL CHECK (window_start_hour BETWEEN 0 AND 23),
  window_hours     integer NOT NULL CHECK (window_hours BETWEEN 1 AND 24),
  updated_by       text NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- A clone names the cluster and backup it was restored from (and the point in time, if any).
ALTER TABLE clusters ADD COLUMN origin jsonb;
