-- A simulated cluster's usage series passes through the data its team said to expect on the day its
-- history was written (anchor_gb at anchor_day, days after origin); null: drawn from the seed alone,
-- as series written before this were.
ALTER TABLE sim_usage_series ADD COLUMN anchor_day real, ADD COLUMN anchor_gb real;
