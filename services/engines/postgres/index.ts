import type { EngineAdapter } from '../engine';
import { defaultFormTimeoutMs, defaultProbeTimeoutMs, type EngineTimeouts } from '../probing';
import { primaryThenReplicas } from '../roles';
import { postgresCatalog } from './catalog';
import { probePostgres } from './probe';
import { verifyPostgresReplication } from './replication';
import { planPostgresSpec, postgresSizing, postgresSettingsForSize } from './sizing';
import { PostgresRecipe } from './local-recipe';
import { PostgresDriver } from './workload-driver';
import { postgresConnection, postgresHint } from './client-connection';
import { postgresUsers } from './users';
import { postgresAdminRotation } from './admin-rotation';
import { postgresSettings } from './settings';
import { archiveNow } from './archive-now';
import { postgresRestoreCheck } from './restore-check';
import { patroniFailover } from './patroni-failover';

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
    settingsForSize: postgresSettingsForSize,
    roles: primaryThenReplicas,
    formCluster: (nodes, credentials) => verifyPostgresReplication(nodes, credentials, timeouts),
    probe: (node, credentials) => probePostgres(node, credentials, timeouts.probeTimeoutMs),
    connectionHint: (nodes) => postgresHint(nodes, 'datafleet'),
    connection: postgresConnection,
    archiveNow: (primary, credentials) => archiveNow(primary, credentials, 30_000),
    restoreCheck: postgresRestoreCheck(timeouts.formTimeoutMs),
    // Failover and switchover belong to Patroni where a cluster runs under it (local clusters of two or more nodes).
    failover: patroniFailover,
    workloadDriver: ({ nodes, credentials, timeoutMs, database, readsFrom }) =>
      new PostgresDriver(nodes, credentials, timeoutMs, database ?? 'postgres', readsFrom),
    // Every streaming replica holds every row (hot standby), so an upgrade's canary and its baseline can each be read alone.
    workloadReadsFromOneNode: true,
    localRecipe: () => new PostgresRecipe(),
    users: postgresUsers(timeouts.formTimeoutMs),
    adminRotation: postgresAdminRotation(timeouts.formTimeoutMs),
    settings: postgresSettings(timeouts.formTimeoutMs),
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
    simulated: {
      defaultPort: 5432,
      p99BaselineMs: { min: 1.5, max: 6 },
      knownRegressions: {},
      diskPerHeldGb: 1,
      membersGossip: true,
      // Patroni on its defaults (ttl 30 s, loop_wait 10 s): a dead leader's lock runs out 20-30 s
      // after its last renewal; a replica then takes it and promotes its server. Now and then none
      // may: the store lost its quorum, or every replica lags past maximum_lag_on_failover.
      failover: {
        managerName: 'Patroni',
        managerKind: 'patroni',
        detectSeconds: { min: 20, max: 30 },
        electSeconds: { min: 2, max: 6 },
        electionFailureRate: 0.03,
      },
    },
  };
}
