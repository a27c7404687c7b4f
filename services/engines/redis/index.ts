import type { EngineAdapter } from '../engine';
import { defaultFormTimeoutMs, defaultProbeTimeoutMs, type EngineTimeouts } from '../probing';
import { primaryThenReplicas } from '../roles';
import { redisCatalog } from './catalog';
import { probeRedis } from './probe';
import { formRedisCluster } from './replication';
import { planRedisSpec } from './sizing';

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
    planSpec: planRedisSpec,
    roles: primaryThenReplicas,
    formCluster: (nodes, credentials) => formRedisCluster(nodes, credentials, timeouts),
    probe: (node, credentials) => probeRedis(node, credentials, timeouts.probeTimeoutMs),
    connectionHint(nodes) {
      const primary = nodes.find((n) => n.role === 'primary') ?? nodes[0];
      return primary ? `redis://${primary.host}:${primary.port}` : '';
    },
  };
}
