-- Proactive maintenance: how far each provider's event feed has been read, one planned replacement
-- per node, and every notice sent about one.

-- A provider's events(since) is one feed per provider kind (the simulator serves all its regions).
CREATE TABLE maintenance_event_cursors (
  provider   text PRIMARY KEY,
  read_until timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The unique node_id is what makes scheduling idempotent: a second scan, or two scans at once,
-- cannot plan a node's replacement twice. A failed or cancelled replacement is not planned again
-- automatically; its notice asks a person to act.
CREATE TABLE node_replacements (
  id            uuid PRIMARY KEY,
  node_id       uuid NOT NULL UNIQUE REFERENCES nodes(id),
  cluster_id    uuid NOT NULL REFERENCES clusters(id),
  node_name     text NOT NULL,
  reason        text NOT NULL CHECK (reason IN ('retirement', 'age')),
  deadline      timestamptz,
  scheduled_for timestamptz NOT NULL,
  -- The next maintenance window opens too late for the provider's deadline: replaced at once.
  asap          boolean NOT NULL DEFAULT false,
  detail        text NOT NULL,
  operation_id  uuid UNIQUE REFERENCES operations(id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX node_replacements_cluster_idx ON node_replacements (cluster_id, scheduled_for);
CREATE INDEX node_replacements_scheduled_idx ON node_replacements (scheduled_for);

-- One notice of each kind per replacement and channel: an outcome hook that runs twice after a
-- crash sends nothing twice.
CREATE TABLE maintenance_notices (
  id             bigserial PRIMARY KEY,
  replacement_id uuid NOT NULL REFERENCES node_replacements(id),
  cluster_id     uuid NOT NULL REFERENCES clusters(id),
  kind           text NOT NULL CHECK (kind IN ('scheduled', 'rescheduled', 'succeeded', 'failed')),
  channel        text NOT NULL DEFAULT '',
  text           text NOT NULL,
  delivered      boolean NOT NULL DEFAULT false,
  detail         text NOT NULL DEFAULT 'not sent yet',
  at             timestamptz NOT NULL DEFAULT now(),
  UNIQUE (replacement_id, kind, channel)
);
CREATE INDEX maintenance_notices_cluster_idx ON maintenance_notices (cluster_id, at);

-- The age scan and GET /api/nodes/oldest read live nodes by age.
CREATE INDEX nodes_live_age_idx ON nodes ((coalesce(launched_at, created_at))) WHERE state <> 'terminated';
