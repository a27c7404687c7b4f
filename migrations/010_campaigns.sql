-- Fleet upgrade campaigns: one engine moved from one version to another across the clusters a
-- selector picks, in waves (test clusters first, then prod from least to most critical). The
-- campaign worker drives it from these rows alone, so any worker can take over after a crash.
CREATE TABLE campaigns (
  id             uuid PRIMARY KEY,
  name           text NOT NULL,
  engine         text NOT NULL,
  from_version   text,
  to_version     text NOT NULL,
  selector       jsonb NOT NULL DEFAULT '{}',
  waves          jsonb NOT NULL,                 -- { testFirst: true, prodWaveSize }
  in_flight      integer NOT NULL CHECK (in_flight >= 1),
  soak_minutes   double precision NOT NULL CHECK (soak_minutes >= 0),
  failure_budget integer NOT NULL CHECK (failure_budget >= 0),
  upgrade_minutes double precision NOT NULL CHECK (upgrade_minutes > 0),
  benchmark_seconds double precision,            -- each upgrade's before/after workload length (null: the workflow's default)
  status         text NOT NULL CHECK (status IN ('draft', 'running', 'paused', 'halted', 'cancelled', 'completed')),
  plan           jsonb NOT NULL,                 -- the CampaignPlan as planned at creation
  current_wave   integer NOT NULL DEFAULT 0,
  soak_until     timestamptz,                    -- the next wave may not start before this
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  finished_at    timestamptz,
  halted_reason  text
);
CREATE INDEX campaigns_active_idx ON campaigns (status) WHERE status IN ('running', 'paused', 'cancelled');
CREATE INDEX campaigns_created_idx ON campaigns (created_at DESC);

CREATE TABLE campaign_clusters (
  campaign_id   uuid NOT NULL REFERENCES campaigns (id),
  cluster_id    uuid NOT NULL REFERENCES clusters (id),
  wave          integer NOT NULL,
  position      integer NOT NULL,              -- order within the wave (least critical first)
  planned_start timestamptz NOT NULL,
  status        text NOT NULL CHECK (status IN ('pending', 'scheduled', 'running', 'passed', 'rolled_back', 'failed', 'skipped', 'cancelled')),
  operation_id  uuid REFERENCES operations (id),
  from_version  text NOT NULL,
  started_at    timestamptz,
  finished_at   timestamptz,
  comparison    jsonb,                         -- the gate's verdict when it rolled the upgrade back
  reason        text,
  PRIMARY KEY (campaign_id, cluster_id)
);
CREATE INDEX campaign_clusters_wave_idx ON campaign_clusters (campaign_id, wave, position);
CREATE INDEX campaign_clusters_cluster_idx ON campaign_clusters (cluster_id);
CREATE INDEX campaign_clusters_running_idx ON campaign_clusters (campaign_id) WHERE status = 'running';
