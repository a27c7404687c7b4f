import type pg from 'pg';
import type { Credentials, NodeEndpoint, ProbeResult } from '../engine';
import { downResult, elapsedSince, withDeadline } from '../probing';
import { closeQuietly, openPostgres, versionFromNumber } from './connection';

type Details = ProbeResult['details'];

const overviewSql = `
  SELECT current_setting('server_version_num')::int AS version_num,
         current_setting('server_version') AS server_version,
         pg_is_in_recovery() AS in_recovery,
         (SELECT numbackends FROM pg_stat_database WHERE datname = current_database()) AS numbackends,
         current_setting('max_connections')::int AS max_connections,
         pg_database_size(current_database())::float8 AS database_size_bytes`;

// On a primary: how many replicas stream from it and how far the slowest one is behind.
const primaryReplicationSql = `
  SELECT count(*)::int AS connected_replicas,
         coalesce(max(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)), 0)::float8 AS max_replica_lag_bytes
  FROM pg_stat_replication`;

// On a replica: how much received WAL is not yet replayed, and how old the last replayed commit is.
const replicaReplicationSql = `
  SELECT coalesce(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0)::float8 AS replay_lag_bytes,
         coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0)::float8 AS replay_lag_seconds,
         (SELECT status FROM pg_stat_wal_receiver) AS wal_receiver_status`;

function putDefined(details: Details, row: Record<string, unknown> | undefined): void {
  for (const [key, value] of Object.entries(row ?? {})) {
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') details[key] = value;
    else if (typeof value === 'bigint') details[key] = Number(value);
  }
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
  const versionNum = Number(overview?.version_num);
  return {
    up: true,
    latencyMs,
    role: inRecovery ? 'replica' : 'primary',
    details,
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
