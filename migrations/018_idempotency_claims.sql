-- An Idempotency-Key is claimed ('pending') before the create it guards runs, so concurrent retries
-- of one request find the claim, wait for the first to finish and replay its answer instead of
-- racing it. A failed create deletes its claim; a claim left by a crashed process goes stale.
ALTER TABLE idempotency_keys ALTER COLUMN response DROP NOT NULL;
ALTER TABLE idempotency_keys ADD COLUMN state text NOT NULL DEFAULT 'done' CHECK (state IN ('pending', 'done'));
ALTER TABLE idempotency_keys ADD COLUMN claimed_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_done_has_response CHECK (state = 'pending' OR response IS NOT NULL);
