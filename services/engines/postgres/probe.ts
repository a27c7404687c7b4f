import type pg from 'pg';
import type { Credentials, NodeEndpoint, ProbePeer, ProbeResult } from '../engine';
import { downResult, elapsedSince, withDeadline } from '../probing';
import { closeQuietly, openPostgres, versionFromNumber } from './connection';

type Details = ProbeResult['details'];

// Connections, error counters and usage over every database: applications do not use the control
// database. Reads are rows returned by scans, writes rows inserted, updated or deleted (cumulative:
// the collector turns them into rates); the data directory lets a collector on the same machine
// read the size of the disk it lives on.
const overviewSql = `
  SELECT current_setting('server_version_num')::int AS version_num,
         current_setting('server_version') AS server_version,
         pg_is_in_recovery() AS in_recovery,
         (SELECT numbackends FROM pg_stat_database WHERE datname = current_database()) AS numbackends,
         (SELECT coalesce(sum(numbackends), 0) FROM pg_stat_database)::int AS connections,
         (SELECT coalesce(sum(xact_rollback + conflicts + deadlocks), 0) FROM pg_stat_database)::float8 AS errors_total,
         current_setting('max_connections')::int AS max_connections,
         pg_database_size(current_database())::float8 AS database_size_bytes,
         (SELECT coalesce(sum(pg_database_size(oid)), 0) FROM pg_database WHERE datallowconn)::float8 AS disk_used_bytes,
         (SELECT coalesce(sum(tup_returned), 0) FROM pg_stat_database)::float8 AS reads_total,
         (SELECT coalesce(sum(tup_inserted + tup_updated + tup_deleted), 0) FROM pg_stat_database)::float8 AS writes_total,
         CASE WHEN pg_has_role('pg_read_all_settings', 'USAGE') THEN current_setting('data_directory') END AS data_directory`;

// On a primary: how many replicas stream from it and how far the slowest one is behind.
const primaryReplicationSql = `
  SELECT count(*)::int AS connected_replicas,
         coalesce(max(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)), 0)::float8 AS max_replica_lag_bytes,
         coalesce(max(extract(epoch FROM replay_lag)), 0)::float8 AS replication_lag_seconds
  FROM pg_stat_replication`;

// On a primary: each standby by the application_name it connects with (the provider sets the node name).
const standbysSql = `
  SELECT application_name, state, coalesce(extract(epoch FROM replay_lag), 0)::float8 AS lag_seconds FROM pg_stat_replication`;

// On a replica: how much received WAL is not yet replayed, and its WAL receiver. A replica that has
// replayed all it received is not behind, however old its last commit (an idle primary). One whose
// replay is paused, or whose receiver stopped, is as far behind as its last replayed commit is old.
// Otherwise its replay is moving and its primary's replay_lag for it (pg_stat_replication) is the
// lag: the age of the last replayed commit would call the first commit after a quiet spell, caught
// mid-replay, minutes behind.
const replicaReplicationSql = `
  SELECT coalesce(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0)::float8 AS replay_lag_bytes,
         CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
              WHEN pg_is_wal_replay_paused() OR (SELECT status FROM pg_stat_wal_receiver) IS DISTINCT FROM 'streaming'
                THEN coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0)
         END::float8 AS replication_lag_seconds,
         (SELECT status FROM pg_stat_wal_receiver) AS wal_receiver_status,
         (SELECT sender_host FROM pg_stat_wal_receiver) AS sender_host,
         (SELECT sender_port FROM pg_stat_wal_receiver) AS sender_port`;

function putDefined(details: Details, row: Record<string, unknown> | undefined): void {
  for (const [key, value] of Object.entries(row ?? {})) {
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') details[key] = value;
    else if (typeof value === 'bigint') details[key] = Number(value);
  }
}

async function peersOf(client: pg.Client, inRecovery: boolean, details: Details): Promise<ProbePeer[]> {
  if (!inRecovery) {
    const { rows } = await client.query<{ application_name: string; state: string; lag_seconds: number }>(standbysSql);
    return rows.map((r) => ({ name: r.application_name, up: r.state === 'streaming', lagSeconds: r.lag_seconds }));
  }
  // A replica whose WAL receiver is gone has no sender to name: the primary is then simply unseen.
  const host = details.sender_host;
  const port = details.sender_port;
  if (typeof host !== 'string' || typeof port !== 'number') return [{ up: false }];
  return [{ host, port, up: details.wal_receiver_status === 'streaming' }];
}

async function readNode(client: pg.Client): Promise<ProbeResult> {
  const pingStarted = performance.now();
  await client.query('SELECT 1');
  const latencyMs = elapsedSince(pingStarted);
  const overview = (await client.query(overviewSql)).rows[0] as Record<string, unknown> | undefined;
  const inRecovery = overview?.in_recovery === true;
  const details: Details = {};
  putDefined(details, overview);
  const replication = await client.query(inRecovery ? replicaReplicationSql : primaryReplicationSql);
  putDefined(details, replication.rows[0] as Record<string, unknown> | undefined);
  const peers = await peersOf(client, inRecovery, details);
  const versionNum = Number(overview?.version_num);
  return {
    up: true,
    latencyMs,
    role: inRecovery ? 'replica' : 'primary',
    details,
    peers,
    ...(Number.isFinite(versionNum) ? { version: versionFromNumber(versionNum) } : {}),
  };
}

export async function probePostgres(node: NodeEndpoint, credentials: Credentials, timeoutMs: number): Promise<ProbeResult> {
  const startedAt = performance.now();
  let client: pg.Client | undefined;
  try {
    client = await openPostgres(node, credentials, timeoutMs);
    return await withDeadline(readNode(client), timeoutMs, `postgres probe of ${node.host}:${node.port}`);
  } catch (error) {
    return downResult(startedAt, error, credentials.password);
  } finally {
    if (client) closeQuietly(client);
  }
}
