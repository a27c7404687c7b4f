-- Core records of the control plane: teams and their tokens, clusters and nodes, operations with
-- their checkpointed steps, per-cluster leases, idempotency keys and the audit trail.

CREATE TABLE teams (
  id            uuid PRIMARY KEY,
  name          text NOT NULL UNIQUE,
  email         text NOT NULL,
  chat_channel  text,
  paging_key    text,
  is_platform   boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX teams_email_idx ON teams (lower(email));

CREATE TABLE api_tokens (
  id           uuid PRIMARY KEY,
  team_id      uuid NOT NULL REFERENCES teams(id),
  name         text NOT NULL,
  token_hash   text NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);

CREATE TABLE clusters (
  id                 uuid PRIMARY KEY,
  name               text NOT NULL UNIQUE,
  engine             text NOT NULL,
  environment        text NOT NULL,
  regions            text[] NOT NULL,
  owner_team_id      uuid NOT NULL REFERENCES teams(id),
  contacts           text[] NOT NULL DEFAULT '{}',
  expected_data_gb   numeric NOT NULL,
  spec               jsonb NOT NULL,
  -- Denormalised from spec and nodes so the inventory filters and sorts on plain indexed columns.
  version            text NOT NULL,
  instance_type      text NOT NULL,
  node_count         integer NOT NULL DEFAULT 0,
  monthly_cost_usd   numeric NOT NULL DEFAULT 0,
  oldest_node_at     timestamptz,
  status             text NOT NULL,
  status_reason      text,
  sla                jsonb NOT NULL,
  maintenance_window jsonb,
  tags               jsonb NOT NULL DEFAULT '{}',
  simulated          boolean NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX clusters_engine_idx ON clusters (engine, name);
CREATE INDEX clusters_status_idx ON clusters (status, name);
CREATE INDEX clusters_owner_idx ON clusters (owner_team_id, name);
CREATE INDEX clusters_env_idx ON clusters (environment, name);
CREATE INDEX clusters_version_idx ON clusters (version, name);
CREATE INDEX clusters_created_idx ON clusters (created_at, name);
CREATE INDEX clusters_cost_idx ON clusters (monthly_cost_usd, name);
CREATE INDEX clusters_regions_idx ON clusters USING gin (regions);

-- Generated credentials of managed clusters. Never selected by the API's read paths.
CREATE TABLE cluster_secrets (
  cluster_id uuid PRIMARY KEY REFERENCES clusters(id),
  password   text NOT NULL
);

CREATE TABLE nodes (
  id               uuid PRIMARY KEY,
  cluster_id       uuid NOT NULL REFERENCES clusters(id),
  name             text NOT NULL UNIQUE,
  region           text NOT NULL,
  zone             text NOT NULL,
  role             text NOT NULL,
  provider         text NOT NULL,
  provider_id      text,
  host             text,
  port             integer,
  state            text NOT NULL,
  software_version text NOT NULL,
  kernel_version   text NOT NULL,
  instance_type    text NOT NULL,
  simulated        boolean NOT NULL,
  launched_at      timestamptz,
  terminated_at    timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX nodes_cluster_idx ON nodes (cluster_id);

CREATE TABLE operations (
  id               uuid PRIMARY KEY,
  seq              bigserial NOT NULL UNIQUE,
  cluster_id       uuid NOT NULL REFERENCES clusters(id),
  type             text NOT NULL,
  status           text NOT NULL,
  requested_by     text NOT NULL,
  reason           text NOT NULL,
  params           jsonb NOT NULL DEFAULT '{}',
  priority         integer NOT NULL,
  attempts         integer NOT NULL DEFAULT 0,
  error            text,
  cancel_requested boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL DEFAULT now(),
  started_at       timestamptz,
  finished_at      timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX operations_cluster_idx ON operations (cluster_id, seq);
CREATE INDEX operations_open_idx ON operations (status, updated_at) WHERE status IN ('pending', 'running');

CREATE TABLE operation_steps (
  operation_id uuid NOT NULL REFERENCES operations(id),
  idx          integer NOT NULL,
  name         text NOT NULL,
  status       text NOT NULL DEFAULT 'pending',
  checkpoint   jsonb NOT NULL DEFAULT '{}',
  attempts     integer NOT NULL DEFAULT 0,
  started_at   timestamptz,
  finished_at  timestamptz,
  error        text,
  PRIMARY KEY (operation_id, idx)
);

-- One mutating operation per cluster. The token increases on every acquisition (fencing): a worker
-- that lost the lease finds its token stale and stops writing.
CREATE SEQUENCE lease_tokens;
CREATE TABLE cluster_leases (
  cluster_id   uuid PRIMARY KEY REFERENCES clusters(id),
  operation_id uuid NOT NULL REFERENCES operations(id),
  token        bigint NOT NULL,
  acquired_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE idempotency_keys (
  actor        text NOT NULL,
  key          text NOT NULL,
  request_hash text NOT NULL,
  response     jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (actor, key)
);

CREATE TABLE audit_events (
  id          uuid PRIMARY KEY,
  seq         bigserial NOT NULL UNIQUE,
  at          timestamptz NOT NULL DEFAULT now(),
  actor       text NOT NULL,
  action      text NOT NULL,
  target_type text NOT NULL,
  target_id   text NOT NULL,
  reason      text,
  before      jsonb,
  after       jsonb
);
CREATE INDEX audit_target_idx ON audit_events (target_type, target_id, seq);
