-- Applications' own users on a cluster (Redis ACL users, PostgreSQL roles, Cassandra roles,
-- Elasticsearch users). No password is kept: a new password is sealed here (AES-256-GCM, as
-- cluster_secrets) only until the operation that applies it has done so, then erased. What stays is
-- the SHA-256 of each live password, the form Redis itself stores, to take one away after a rotation.
CREATE TABLE database_users (
  cluster_id                uuid NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  name                      text NOT NULL,
  access                    text NOT NULL CHECK (access IN ('readwrite', 'readonly')),
  scope                     text[] NOT NULL,
  -- creating: its first password is not applied yet; deleting: being removed from the servers.
  status                    text NOT NULL CHECK (status IN ('creating', 'active', 'deleting')),
  generation                integer NOT NULL,
  password_sha256           text NOT NULL,
  -- The previous password during a rotation's grace period, and when it stops.
  previous_generation       integer,
  previous_password_sha256  text,
  previous_expires_at       timestamptz,
  -- The password of `generation` until applied, sealed like cluster_secrets.
  pending_ciphertext        bytea,
  pending_nonce             bytea,
  pending_auth_tag          bytea,
  pending_key_id            text,
  created_by                text NOT NULL,
  created_at                timestamptz NOT NULL DEFAULT now(),
  rotated_at                timestamptz,
  PRIMARY KEY (cluster_id, name),
  CHECK ((previous_generation IS NULL) = (previous_expires_at IS NULL)),
  CHECK ((pending_ciphertext IS NULL) = (pending_key_id IS NULL))
);

-- The control plane's own credential of a cluster during its rotation: the next password, sealed,
-- from before it is given to the servers until it replaces the current one, so a worker that dies
-- in between finds it again instead of locking the control plane out.
ALTER TABLE cluster_secrets
  ADD COLUMN next_ciphertext bytea,
  ADD COLUMN next_nonce bytea,
  ADD COLUMN next_auth_tag bytea,
  ADD COLUMN next_key_id text;
