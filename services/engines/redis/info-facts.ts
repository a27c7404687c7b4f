import type { ProbePeer } from '../engine';

/**
 * The health facts INFO carries beyond the raw fields: which replicas a primary sees (slaveN
 * lines), a replica's link to its primary, how far behind it is, and the error counters.
 */
export interface RedisHealthFacts {
  peers: ProbePeer[];
  /** Cumulative: rejected connections plus error replies since the server started. */
  errorsTotal: number;
  /**
   * Replica: seconds since its link went down (null while it is up: its primary's view says how far
   * behind it is). Primary: the slowest online replica's age of acknowledgement, 0 for one caught up.
   */
  replicationLagSeconds: number | null;
  /** Primary: bytes the slowest online replica is behind. */
  maxReplicaLagBytes: number | null;
}

/** "ip=127.0.0.1,port=6380,state=online,offset=42,lag=0" → its fields. */
export function parseReplicaLine(line: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const pair of line.split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0) fields.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return fields;
}

const num = (value: string | undefined): number | null => {
  if (value === undefined || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};

export function redisHealthFacts(info: Map<string, string>): RedisHealthFacts {
  const errorsTotal = (num(info.get('rejected_connections')) ?? 0) + (num(info.get('total_error_replies')) ?? 0);
  if (info.get('role') === 'slave') {
    const linkUp = info.get('master_link_status') === 'up';
    const host = info.get('master_host');
    const port = num(info.get('master_port'));
    // A replica with its link up cannot tell lag from quiet: master_last_io_seconds_ago only counts
    // since the primary last wrote to the link, which an idle primary does every
    // repl-ping-replica-period (10 s). Its primary's view of it (acknowledged offset) is the lag.
    const downFor = linkUp ? null : num(info.get('master_link_down_since_seconds'));
    return {
      peers: host !== undefined && port !== null ? [{ host, port, up: linkUp }] : [],
      errorsTotal,
      // A link that never came up reports -1 or nothing: the lag is unknown, the link fact says why.
      replicationLagSeconds: downFor !== null && downFor >= 0 ? downFor : null,
      maxReplicaLagBytes: null,
    };
  }
  const primaryOffset = num(info.get('master_repl_offset')) ?? 0;
  const peers: ProbePeer[] = [];
  let maxLagSeconds: number | null = null;
  let maxLagBytes: number | null = null;
  for (const [key, value] of info) {
    if (!/^slave\d+$/.test(key)) continue;
    const replica = parseReplicaLine(value);
    const port = num(replica.get('port'));
    const host = replica.get('ip');
    if (host === undefined || port === null) continue;
    const online = replica.get('state') === 'online';
    const offset = num(replica.get('offset'));
    // `lag` is the age of the replica's last acknowledgement (sent every second); a replica that
    // has acknowledged everything written is not behind, however long ago that was.
    const ackAge = num(replica.get('lag'));
    const caughtUp = offset !== null && offset >= primaryOffset;
    const lagSeconds = caughtUp ? 0 : ackAge;
    peers.push({ host, port, up: online, ...(lagSeconds !== null ? { lagSeconds } : {}) });
    if (!online) continue;
    if (lagSeconds !== null) maxLagSeconds = Math.max(maxLagSeconds ?? 0, lagSeconds);
    if (offset !== null) maxLagBytes = Math.max(maxLagBytes ?? 0, primaryOffset - offset);
  }
  return { peers, errorsTotal, replicationLagSeconds: maxLagSeconds, maxReplicaLagBytes: maxLagBytes };
}

/**
 * Cumulative counters behind reads/s and writes/s, and the bytes on disk, for the metrics history.
 * Reads are key lookups (keyspace hits + misses: the probe's own PING and INFO touch no key);
 * writes are key changes since the last save (a counter that drops back at each save: rates read a
 * drop as a restart); disk is the append-only file when it is on.
 */
export function redisUsageCounters(info: Map<string, string>): Record<string, number> {
  const counters: Record<string, number> = {};
  const hits = num(info.get('keyspace_hits'));
  const misses = num(info.get('keyspace_misses'));
  if (hits !== null && misses !== null) counters.reads_total = hits + misses;
  const changes = num(info.get('rdb_changes_since_last_save'));
  if (changes !== null) counters.writes_total = changes;
  const aof = num(info.get('aof_current_size'));
  if (info.get('aof_enabled') === '1' && aof !== null) counters.disk_used_bytes = aof;
  return counters;
}
