-- State of the simulated cloud, shared by every process (api and workers) so they see one fleet.
-- No foreign keys: the simulator stands in for an outside provider that knows nothing of our records.

CREATE TABLE sim_instances (
  provider_id    text PRIMARY KEY,
  name           text NOT NULL UNIQUE,
  cluster_id     uuid NOT NULL,
  region         text NOT NULL,
  zone           text NOT NULL,
  engine         text NOT NULL,
  version        text NOT NULL,
  instance_type  text NOT NULL,
  role           text NOT NULL,
  host           text NOT NULL,
  port           integer NOT NULL,
  kernel_version text NOT NULL,
  data_gb        numeric NOT NULL,
  launched_at    timestamptz NOT NULL,
  ready_at       timestamptz NOT NULL,
  stopped        boolean NOT NULL DEFAULT false,
  failure        text,
  failed_at      timestamptz,
  retirement_at  timestamptz,
  terminated_at  timestamptz
);
CREATE INDEX sim_instances_cluster_idx ON sim_instances (cluster_id);

CREATE TABLE sim_events (
  id          bigserial PRIMARY KEY,
  provider_id text NOT NULL,
  type        text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  deadline    timestamptz,
  detail      text NOT NULL
);
CREATE INDEX sim_events_at_idx ON sim_events (at);
