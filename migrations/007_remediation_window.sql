-- The remediation dedup window looks up a problem's latest remediation, open or finished; the
-- console's summary counts alerts, remediations and pages by status.
CREATE INDEX remediations_problem_idx ON remediations (dedup_key, started_at DESC);
CREATE INDEX remediations_started_idx ON remediations (started_at DESC);
-- Why a non-urgent remediation waits (a maintenance window) and what the playbook asked for.
ALTER TABLE remediations ADD COLUMN action text;
ALTER TABLE remediations ADD COLUMN not_before timestamptz;
