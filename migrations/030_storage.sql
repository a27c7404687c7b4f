-- Grown storage: a simulated instance's disk when it was grown beyond its instance type's (null: the
-- type's own), and each cluster's automatic storage policy, which the owning team opts into.
ALTER TABLE sim_instances ADD COLUMN disk_gb numeric;

CREATE TABLE storage_policies (
  cluster_id       uuid PRIMARY KEY REFERENCES clusters(id) ON DELETE CASCADE,
  enabled          boolean NOT NULL,
  -- Each automatic grow adds this share of the current disk.
  grow_by_percent  integer NOT NULL CHECK (grow_by_percent BETWEEN 1 AND 500),
  -- A grow is scheduled once the forecast's exhaustion date is this close.
  lead_days        integer NOT NULL CHECK (lead_days BETWEEN 1 AND 365),
  -- No automatic grow takes a node's disk beyond this.
  max_disk_gb      integer NOT NULL CHECK (max_disk_gb > 0),
  updated_by       text NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
