import type { EngineAdapter } from '../engine';
import { defaultFormTimeoutMs, defaultProbeTimeoutMs, type EngineTimeouts } from '../probing';
import { primaryThenReplicas } from '../roles';
import { redisCatalog } from './catalog';
import { probeRedis } from './probe';
import { formRedisCluster } from './replication';
import { planRedisSpec, redisSizing, redisSettingsForSize } from './sizing';
import { RedisRecipe } from './local-recipe';
import { redisSentinel } from './sentinel';
import { RedisDriver } from './workload-driver';
import { redisConnection } from './client-connection';
import { redisUsers } from './users';
import { redisAdminRotation } from './admin-rotation';
import { redisRestoreCheck } from './restore-check';
import { redisSettings } from './settings';

export function createRedisEngine(options: EngineTimeouts = {}): EngineAdapter {
  const timeouts = {
    probeTimeoutMs: options.probeTimeoutMs ?? defaultProbeTimeoutMs,
    formTimeoutMs: options.formTimeoutMs ?? defaultFormTimeoutMs,
  };
  return {
    name: 'redis',
    displayName: 'Redis',
    defaultPort: 6379,
    catalog: redisCatalog,
    adminUsername: 'default',
    sizing: redisSizing,
    // The simulator's CPU model (5% + load / (40 × vCPU)) reaches full CPU at about 3,800 weighted
    // ops/s per vCPU; a measured figure per engine would replace it here without changing callers.
    opsPerVcpuAtFullCpu: 3800,
    planSpec: planRedisSpec,
    settingsForSize: redisSettingsForSize,
    roles: primaryThenReplicas,
    formCluster: (nodes, credentials) => formRedisCluster(nodes, credentials, timeouts),
    probe: (node, credentials) => probeRedis(node, credentials, timeouts.probeTimeoutMs),
    connectionHint(nodes) {
      const primary = nodes.find((n) => n.role === 'primary') ?? nodes[0];
      return primary ? `redis://${primary.host}:${primary.port}` : '';
    },
    connection: redisConnection,
    // Failover and planned switchover go through Redis Sentinel; Datafleet never promotes a node itself.
    failover: redisSentinel,
    workloadDriver: ({ nodes, credentials, timeoutMs, readsFrom }) => new RedisDriver(nodes, credentials, timeoutMs, readsFrom),
    // Every replica holds every key, so an upgrade's canary and its baseline can each be read alone.
    workloadReadsFromOneNode: true,
    localRecipe: () => new RedisRecipe(),
    users: redisUsers(timeouts.formTimeoutMs),
    adminRotation: redisAdminRotation(timeouts.formTimeoutMs),
    settings: redisSettings(timeouts.formTimeoutMs),
    // An RDB snapshot (BGSAVE) of a replica every six hours; AOF covers the node's own restarts.
    backup: {
      supported: true,
      method: 'BGSAVE on a replica (the primary if there is none); the RDB file is copied with its sha256',
      kinds: ['snapshot'],
      pointInTime: false,
      defaultPolicy: {
        enabled: true,
        frequencyHours: 6,
        kind: 'snapshot',
        fullEveryDays: 1,
        retentionDays: 7,
        windowStartHour: 0,
        windowHours: 24,
      },
    },
    restoreCheck: redisRestoreCheck(timeouts.formTimeoutMs),
    simulated: {
      defaultPort: 6379,
      p99BaselineMs: { min: 1.5, max: 6 },
      knownRegressions: { '7.2.7': { baseline: '7.2.6', p99Factor: 1.8 } },
      // The append-only file holds about as much again as memory.
      diskPerHeldGb: 1,
      // Sentinel: down-after-milliseconds 5 s plus agreeing on it, then a leader election and the
      // promotion; now and then no sentinel majority forms.
      failover: {
        managerName: 'Redis Sentinel',
        managerKind: 'sentinel',
        detectSeconds: { min: 5, max: 10 },
        electSeconds: { min: 1, max: 4 },
        electionFailureRate: 0.05,
      },
      membersGossip: true,
    },
  };
}
