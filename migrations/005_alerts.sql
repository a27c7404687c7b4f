-- Every alert received (none is lost silently) and every page sent, with the stable dedup key that
-- ties an alert storm to one page and a resolved alert to the page it resolves.

CREATE TABLE alerts (
  id          uuid PRIMARY KEY,
  source      text NOT NULL,              -- alertmanager | api | health
  name        text NOT NULL,
  status      text NOT NULL,              -- firing | resolved
  cluster_id  uuid,
  node        text,
  severity    text NOT NULL,
  summary     text NOT NULL,
  fingerprint text,
  dedup_key   text NOT NULL,
  labels      jsonb NOT NULL DEFAULT '{}',
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alerts_dedup_idx ON alerts (dedup_key, received_at DESC);
CREATE INDEX alerts_cluster_idx ON alerts (cluster_id, received_at DESC);

CREATE TABLE pages (
  id           uuid PRIMARY KEY,
  dedup_key    text NOT NULL,
  cluster_id   uuid,
  team_id      uuid,
  alert_name   text NOT NULL,
  summary      text NOT NULL,
  status       text NOT NULL,             -- triggered | resolved
  triggered_at timestamptz NOT NULL DEFAULT now(),
  resolved_at  timestamptz,
  deliveries   jsonb NOT NULL DEFAULT '[]'
);
-- At most one open page per problem: the storm's thousandth duplicate finds it taken.
CREATE UNIQUE INDEX pages_open_idx ON pages (dedup_key) WHERE status = 'triggered';
