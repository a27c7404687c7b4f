import type { EngineAdapter } from '../engine';
import { defaultProbeTimeoutMs, type EngineTimeouts } from '../probing';
import { equalMembers } from '../roles';
import { readersOf } from '../workload-keys';
import { memcachedCatalog } from './catalog';
import { MemcachedRecipe } from './local-recipe';
import { probeMemcached } from './probe';
import { memcachedSimulatedProfile } from './simulated-profile';
import { memcachedSizing, planMemcachedSpec, memcachedSettingsForSize } from './sizing';
import { MemcachedDriver } from './workload-driver';
import { memcachedConnection } from './client-connection';

export function createMemcachedEngine(options: EngineTimeouts = {}): EngineAdapter {
  const probeTimeoutMs = options.probeTimeoutMs ?? defaultProbeTimeoutMs;
  return {
    name: 'memcached',
    displayName: 'memcached',
    defaultPort: 11211,
    catalog: memcachedCatalog,
    sizing: memcachedSizing,
    // The simulator's CPU model figure every engine uses until a measured one replaces it.
    opsPerVcpuAtFullCpu: 3800,
    // memcached has no users (no SASL here); the control plane still records a login name per engine.
    adminUsername: 'datafleet',
    planSpec: planMemcachedSpec,
    settingsForSize: memcachedSettingsForSize,
    // EVCache nodes are independent peers, each holding its share of its zone's copy; none leads or follows.
    roles: equalMembers,
    // Nothing to form: memcached nodes never learn of one another; clients spread keys over them.
    formCluster: async () => undefined,
    probe: (node, credentials) => probeMemcached(node, credentials, probeTimeoutMs),
    connectionHint(nodes) {
      return nodes.map((n) => `${n.host}:${n.port}`).join(',');
    },
    connection: (nodes) => memcachedConnection(nodes),
    // No switchover: there is no primary to hand over.
    // Each node is a cache of its own: a workload sent to one node (`readsFrom`) writes its keys
    // there and reads them there, so an upgrade's canary and its baseline can each be measured alone.
    workloadDriver: ({ nodes, timeoutMs, readsFrom }) => new MemcachedDriver(readersOf(nodes, readsFrom), timeoutMs),
    workloadReadsFromOneNode: true,
    localRecipe: () => new MemcachedRecipe(),
    backup: {
      supported: false,
      method: 'nothing to back up: memcached is a cache whose items are rebuilt from the system of record, and it keeps nothing on disk',
    },
    simulated: memcachedSimulatedProfile,
  };
}
