-- The engine's own HA manager of a cluster (Redis Sentinel: its addresses, master name, quorum), or
-- why the cluster runs without one; and every failover or switchover that manager carried out, as
-- Datafleet saw it.
ALTER TABLE clusters ADD COLUMN failover_manager jsonb;
ALTER TABLE clusters ADD COLUMN failover_note text;

CREATE TABLE failover_events (
  id              uuid PRIMARY KEY,
  cluster_id      uuid NOT NULL REFERENCES clusters(id),
  kind            text NOT NULL CHECK (kind IN ('failover', 'switchover')),
  -- Who decided: the HA manager ('sentinel'), never Datafleet.
  decided_by      text NOT NULL,
  old_primary     text,
  new_primary     text,
  before_topology jsonb NOT NULL,
  after_topology  jsonb NOT NULL,
  -- From the last reply of the old primary to the new primary's first report as primary, as the
  -- HA manager measured them; null when it could not tell.
  unavailable_ms  integer,
  operation_id    uuid REFERENCES operations(id),
  observed_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX failover_events_cluster_idx ON failover_events (cluster_id, observed_at DESC);
