-- Remediations started per minute, per cluster and fleet-wide, kept as each remediation is opened:
-- the hourly rate-limit guards sum at most 61 rows per scope instead of counting the last hour of
-- remediations fleet-wide. Rows older than the guard's hour are pruned as new ones are written.
CREATE TABLE remediation_counters (
  scope   text NOT NULL,          -- 'fleet' or a cluster id
  minute  timestamptz NOT NULL,   -- the minute the remediations started in
  started integer NOT NULL,
  PRIMARY KEY (scope, minute)
);

INSERT INTO remediation_counters (scope, minute, started)
SELECT cluster_id::text, date_trunc('minute', started_at), count(*) FROM remediations
 WHERE started_at >= date_trunc('minute', now() - interval '1 hour') GROUP BY 1, 2
UNION ALL
SELECT 'fleet', date_trunc('minute', started_at), count(*) FROM remediations
 WHERE started_at >= date_trunc('minute', now() - interval '1 hour') GROUP BY 2;

-- Opens a remediation for a problem unless a guard refuses, in one round trip and one transaction.
-- Every process calls it, and a transaction-scoped advisory lock makes the guards' reads and the
-- counters' writes one step at a time across all of them: two processes can never both see the
-- 49th remediation of the hour and both start a 50th. The hour is counted in whole minutes (from
-- the start of the minute an hour ago), so a guard may refuse up to a minute early, never late.
-- Outcomes: duplicate (one is open), recurred (detail: the status of one within the window),
-- cluster_limit / fleet_limit (detail: the count), capability_refused (every guard passed but the
-- caller already knows the provider cannot act: nothing written), opened (detail: the new id).
CREATE FUNCTION open_remediation(
  p_id uuid, p_dedup_key text, p_cluster_id uuid, p_node text, p_playbook_id text, p_playbook_version integer,
  p_alert_name text, p_action text, p_not_before timestamptz, p_window_ms double precision,
  p_per_cluster integer, p_per_fleet integer, p_capability_refused boolean
) RETURNS TABLE (outcome text, detail text) LANGUAGE plpgsql AS $$
DECLARE
  latest_status text;
  cluster_started integer;
  fleet_started integer;
  since timestamptz := date_trunc('minute', now() - interval '1 hour');
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('datafleet.remediation_guards'));
  SELECT r.status INTO latest_status FROM remediations r
   WHERE r.dedup_key = p_dedup_key AND (r.status = 'open' OR r.started_at > now() - make_interval(secs => p_window_ms / 1000))
   ORDER BY r.started_at DESC LIMIT 1;
  IF latest_status = 'open' THEN
    RETURN QUERY SELECT 'duplicate'::text, NULL::text; RETURN;
  ELSIF latest_status IS NOT NULL THEN
    RETURN QUERY SELECT 'recurred'::text, latest_status; RETURN;
  END IF;
  SELECT coalesce(sum(c.started) FILTER (WHERE c.scope = p_cluster_id::text), 0),
         coalesce(sum(c.started) FILTER (WHERE c.scope = 'fleet'), 0)
    INTO cluster_started, fleet_started
    FROM remediation_counters c WHERE c.scope IN (p_cluster_id::text, 'fleet') AND c.minute >= since;
  IF cluster_started >= p_per_cluster THEN
    RETURN QUERY SELECT 'cluster_limit'::text, cluster_started::text; RETURN;
  ELSIF fleet_started >= p_per_fleet THEN
    RETURN QUERY SELECT 'fleet_limit'::text, fleet_started::text; RETURN;
  ELSIF p_capability_refused THEN
    RETURN QUERY SELECT 'capability_refused'::text, NULL::text; RETURN;
  END IF;
  INSERT INTO remediations (id, dedup_key, cluster_id, node, playbook_id, playbook_version, alert_name, action, not_before, status)
  VALUES (p_id, p_dedup_key, p_cluster_id, p_node, p_playbook_id, p_playbook_version, p_alert_name, p_action, p_not_before, 'open');
  INSERT INTO remediation_counters (scope, minute, started)
  VALUES (p_cluster_id::text, date_trunc('minute', now()), 1), ('fleet', date_trunc('minute', now()), 1)
  ON CONFLICT (scope, minute) DO UPDATE SET started = remediation_counters.started + 1;
  DELETE FROM remediation_counters c WHERE c.scope IN (p_cluster_id::text, 'fleet') AND c.minute < since;
  RETURN QUERY SELECT 'opened'::text, p_id::text;
END $$;

-- Many opens in one round trip and one transaction (the starter's group commit): each request is
-- decided in order, seeing the ones before it, so two alerts of one problem in a batch open one
-- remediation. p_requests: a JSON array of objects named like open_remediation's parameters.
CREATE FUNCTION open_remediations(p_requests jsonb) RETURNS TABLE (idx integer, outcome text, detail text) LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.req, (e.n - 1)::integer AS i FROM jsonb_array_elements(p_requests) WITH ORDINALITY AS e(req, n) ORDER BY e.n LOOP
    RETURN QUERY SELECT r.i, o.outcome, o.detail FROM open_remediation(
      (r.req->>'id')::uuid, r.req->>'dedupKey', (r.req->>'clusterId')::uuid, r.req->>'node', r.req->>'playbookId',
      (r.req->>'playbookVersion')::integer, r.req->>'alertName', r.req->>'action', (r.req->>'notBefore')::timestamptz,
      (r.req->>'windowMs')::double precision, (r.req->>'perClusterPerHour')::integer, (r.req->>'perFleetPerHour')::integer,
      (r.req->>'capabilityRefused')::boolean) o;
  END LOOP;
END $$;
