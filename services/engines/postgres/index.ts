import type { EngineAdapter } from '../engine';
import { defaultFormTimeoutMs, defaultProbeTimeoutMs, type EngineTimeouts } from '../probing';
import { primaryThenReplicas } from '../roles';
import { postgresCatalog } from './catalog';
import { probePostgres } from './probe';
import { verifyPostgresReplication } from './replication';
import { planPostgresSpec, postgresSizing } from './sizing';
import { PostgresRecipe } from './local-recipe';
import { PostgresDriver } from './workload-driver';
import { archiveNow } from './archive-now';

export function createPostgresEngine(options: EngineTimeouts = {}): EngineAdapter {
  const timeouts = {
    probeTimeoutMs: options.probeTimeoutMs ?? defaultProbeTimeoutMs,
    formTimeoutMs: options.formTimeoutMs ?? defaultFormTimeoutMs,
  };
  return {
    name: 'postgres',
    displayName: 'PostgreSQL',
    defaultPort: 5432,
    catalog: postgresCatalog,
    adminUsername: 'datafleet',
    sizing: postgresSizing,
    // The simulator's CPU model (5% + load / (40 × vCPU)) reaches full CPU at about 3,800 weighted
    // ops/s per vCPU; a measured figure per engine would replace it here without changing callers.
    opsPerVcpuAtFullCpu: 3800,
    planSpec: planPostgresSpec,
    roles: primaryThenReplicas,
    formCluster: (nodes, credentials) => verifyPostgresReplication(nodes, credentials, timeouts),
    probe: (node, credentials) => probePostgres(node, credentials, timeouts.probeTimeoutMs),
    /**
     * A libpq multi-host URL, primary first: with target_session_attrs=read-write a client finds the
     * new primary on its own after a failover.
     */
    connectionHint(nodes) {
      const ordered = [...nodes.filter((n) => n.role === 'primary'), ...nodes.filter((n) => n.role !== 'primary')];
      if (ordered.length === 0) return '';
      const hosts = ordered.map((n) => `${n.host}:${n.port}`).join(',');
      const suffix = ordered.length > 1 ? '?target_session_attrs=read-write' : '';
      return `postgresql://datafleet@${hosts}/postgres${suffix}`;
    },
    archiveNow: (primary, credentials) => archiveNow(primary, credentials, 30_000),
    // No switchover: promoting a streaming replica and re-pointing the others is not automated.
    workloadDriver: ({ nodes, credentials, timeoutMs, database }) =>
      new PostgresDriver(nodes, credentials, timeoutMs, database ?? 'postgres'),
    localRecipe: () => new PostgresRecipe(),
    // WAL is archived continuously, so any instant within retention can be restored; a daily
    // incremental and a weekly full backup bound how much WAL a restore replays.
    backup: {
      supported: true,
      method: 'pgBackRest: continuous WAL archiving plus full, differential and incremental backups',
      kinds: ['full', 'diff', 'incr'],
      pointInTime: true,
      defaultPolicy: {
        enabled: true,
        frequencyHours: 24,
        kind: 'incr',
        fullEveryDays: 7,
        retentionDays: 14,
        windowStartHour: 1,
        windowHours: 4,
      },
    },
    simulated: { defaultPort: 5432, p99BaselineMs: { min: 1.5, max: 6 }, knownRegressions: {}, diskPerHeldGb: 1, membersGossip: true },
  };
}
