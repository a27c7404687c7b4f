-- Cluster passwords are sealed with AES-256-GCM by the application (the key never reaches the
-- database): ciphertext, its nonce, its authentication tag and the id of the key that sealed it.
-- SQL cannot seal with the application's key, so existing rows keep their plaintext until the
-- first process to start seals them (services/db/secret-sealing.ts) and nulls `password`.
-- A row is either sealed (all four columns, no plaintext) or, until then, plaintext only.
ALTER TABLE cluster_secrets
  ALTER COLUMN password DROP NOT NULL,
  ADD COLUMN ciphertext bytea,
  ADD COLUMN nonce bytea,
  ADD COLUMN auth_tag bytea,
  ADD COLUMN key_id text,
  ADD CONSTRAINT cluster_secrets_sealed_or_plaintext CHECK (
    (password IS NULL AND ciphertext IS NOT NULL AND nonce IS NOT NULL AND auth_tag IS NOT NULL AND key_id IS NOT NULL)
    OR (password IS NOT NULL AND ciphertext IS NULL AND nonce IS NULL AND auth_tag IS NULL AND key_id IS NULL)
  );

-- Startup looks for rows to seal or re-seal (plaintext, or under an older key).
CREATE INDEX cluster_secrets_key_idx ON cluster_secrets (key_id);

-- The id of the key every process sharing this database seals with. A process whose keyring lacks
-- it refuses to start (two hosts that each generated a key of their own, a mistyped key); one that
-- holds it as an earlier key is a rotation, and moves it to its own current key.
CREATE TABLE secret_key_current (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  key_id     text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
