-- Who may send alerts, and what an alert was worth.
-- Alert sources: credentials the platform team issues to a monitoring system (Alertmanager). Only
-- the SHA-256 of the credential is kept, like api_tokens; a revoked source stops working at once.
CREATE TABLE alert_sources (
  id           uuid PRIMARY KEY,
  name         text NOT NULL,
  token_hash   text NOT NULL UNIQUE,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz,
  revoked_by   text
);
-- Names are unique among the sources still in use; a revoked name may be issued again.
CREATE UNIQUE INDEX alert_sources_active_name_idx ON alert_sources (name) WHERE revoked_at IS NULL;

-- Who sent the alert (an alert source, a team token), whether the platform's own evidence confirmed
-- it (confirmed | unconfirmed; null when nothing was to be acted on), that evidence, and whether it
-- named a cluster that does not exist (then the platform team is paged).
ALTER TABLE alerts ADD COLUMN sender text;
ALTER TABLE alerts ADD COLUMN verdict text;
ALTER TABLE alerts ADD COLUMN evidence jsonb;
ALTER TABLE alerts ADD COLUMN unroutable boolean NOT NULL DEFAULT false;

-- Whether a page reached a person: delivered (at least one channel took it), failed (every channel
-- refused), or no_pager (neither PagerDuty nor Slack is configured: recorded, not delivered).
ALTER TABLE pages ADD COLUMN delivery text NOT NULL DEFAULT 'delivered';
ALTER TABLE pages ADD COLUMN unroutable boolean NOT NULL DEFAULT false;
