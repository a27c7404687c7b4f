-- Capacity forecasts (the current one per cluster, replaced by every run) and the notices sent when
-- a cluster's predicted exhaustion crosses a warning threshold. History is read from the metric
-- rollups; only the prediction is stored here.

CREATE TABLE capacity_forecasts (
  cluster_id       uuid PRIMARY KEY REFERENCES clusters(id),
  computed_at      timestamptz NOT NULL,
  method           text NOT NULL,            -- 'holt-winters' | 'linear' | 'insufficient-history'
  resource         text NOT NULL,            -- 'disk' | 'memory': what the engine's data fills
  history_days     integer NOT NULL,         -- daily rollups the fit saw
  last_bucket      timestamptz NOT NULL,     -- the day of the newest rollup; forecast day 1 is the next
  fill_now         real NOT NULL,            -- 1.0 = the usable capacity is exhausted
  used_gb          real NOT NULL,
  capacity_gb      real NOT NULL,
  daily_growth_gb  real NOT NULL,
  exhaustion_at    timestamptz,              -- null: not within the horizon
  earliest_at      timestamptz,              -- the prediction interval's ends
  latest_at        timestamptz,
  days_left        integer,
  ops_peak_per_s   real NOT NULL,            -- reads + 2 × writes, the busiest day of the last week
  ops_limit_per_s  real NOT NULL,
  ops_limit_at     timestamptz,
  p99_observed_ms  real,                     -- worst daily p99 of the last week, against the SLA (null: none measured)
  -- Compact chart points: [day after last_bucket, used GB, low GB, high GB]. json, not jsonb: it is
  -- only ever read whole, and jsonb's conversion of every number tripled the cost of a fleet's write.
  points           json NOT NULL DEFAULT '[]'
);
CREATE INDEX capacity_forecasts_days_left_idx ON capacity_forecasts (days_left, exhaustion_at) WHERE days_left IS NOT NULL;

CREATE TABLE capacity_notices (
  id             uuid PRIMARY KEY,
  cluster_id     uuid NOT NULL REFERENCES clusters(id),
  threshold_days integer NOT NULL,
  crossed_at     timestamptz NOT NULL,
  days_left      integer NOT NULL,
  exhaustion_at  timestamptz,
  notified_at    timestamptz,
  -- Each webhook delivery: { channel, ok, detail }.
  deliveries     jsonb NOT NULL DEFAULT '[]',
  -- Set once the cluster's days left go back above the threshold (plus hysteresis): re-armed.
  cleared_at     timestamptz
);
-- One open notice per cluster and threshold: a second run, or two at once, cannot notify twice.
CREATE UNIQUE INDEX capacity_notices_open_idx ON capacity_notices (cluster_id, threshold_days) WHERE cleared_at IS NULL;
CREATE INDEX capacity_notices_cluster_idx ON capacity_notices (cluster_id, crossed_at DESC);
