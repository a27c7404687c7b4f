-- Automatic remediations: at most one open per problem (cluster, alert, node), however many
-- duplicate alerts arrive; each runs as a high-priority operation.
CREATE TABLE remediations (
  id           uuid PRIMARY KEY,
  dedup_key    text NOT NULL,
  cluster_id   uuid NOT NULL,
  node         text,
  playbook_id  text NOT NULL,
  playbook_version integer NOT NULL,
  alert_name   text NOT NULL,
  operation_id uuid,
  status       text NOT NULL,               -- open | succeeded | failed
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz
);
CREATE UNIQUE INDEX remediations_open_idx ON remediations (dedup_key) WHERE status = 'open';
