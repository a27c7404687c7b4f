-- Health of nodes and clusters: the current state (served by the API) and every transition with
-- its cause (the history a person reads after an incident).

CREATE TABLE health_states (
  target_type text NOT NULL,             -- 'node' | 'cluster'
  target_id   uuid NOT NULL,
  cluster_id  uuid NOT NULL,
  state       text NOT NULL,             -- healthy | degraded | unhealthy
  score       integer NOT NULL,
  causes      jsonb NOT NULL DEFAULT '[]',
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (target_type, target_id)
);
CREATE INDEX health_states_cluster_idx ON health_states (cluster_id);

CREATE TABLE health_transitions (
  id          bigserial PRIMARY KEY,
  target_type text NOT NULL,
  target_id   uuid NOT NULL,
  cluster_id  uuid NOT NULL,
  from_state  text,
  to_state    text NOT NULL,
  score       integer NOT NULL,
  causes      jsonb NOT NULL DEFAULT '[]',
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX health_transitions_cluster_idx ON health_transitions (cluster_id, id DESC);
