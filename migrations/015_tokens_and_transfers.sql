-- Tokens may expire; a revoked or expired token is refused at once.
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
CREATE INDEX api_tokens_team_idx ON api_tokens (team_id, created_at);

-- Ownership changes by consent: the owning team offers a cluster, the receiving team accepts or
-- declines, the offering team may cancel. At most one open offer per cluster.
CREATE TABLE cluster_transfers (
  id           uuid PRIMARY KEY,
  cluster_id   uuid NOT NULL REFERENCES clusters(id),
  from_team_id uuid NOT NULL REFERENCES teams(id),
  to_team_id   uuid NOT NULL REFERENCES teams(id),
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'cancelled')),
  offered_by   text NOT NULL,
  decided_by   text,
  reason       text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  decided_at   timestamptz
);
CREATE UNIQUE INDEX cluster_transfers_one_open ON cluster_transfers (cluster_id) WHERE status = 'pending';
CREATE INDEX cluster_transfers_to_idx ON cluster_transfers (to_team_id) WHERE status = 'pending';
