import type { EngineAdapter } from '../engine';
import { defaultFormTimeoutMs, defaultProbeTimeoutMs, waitForMembers, type EngineTimeouts } from '../probing';
import { equalMembers } from '../roles';
import { elasticsearchCatalog } from './catalog';
import { probeElasticsearch } from './probe';
import { elasticsearchSizing, planElasticsearchSpec, elasticsearchSettingsForSize } from './sizing';
import { ElasticsearchDriver } from './workload-driver';
import { elasticsearchConnection } from './client-connection';
import { elasticsearchUsers } from './users';
import { elasticsearchAdminRotation } from './admin-rotation';
import { elasticsearchSnapshots } from './snapshots';

export function createElasticsearchEngine(options: EngineTimeouts = {}): EngineAdapter {
  const probeTimeoutMs = options.probeTimeoutMs ?? defaultProbeTimeoutMs;
  const formTimeoutMs = options.formTimeoutMs ?? defaultFormTimeoutMs;
  return {
    name: 'elasticsearch',
    displayName: 'Elasticsearch',
    defaultPort: 9200,
    catalog: elasticsearchCatalog,
    adminUsername: 'elastic',
    sizing: elasticsearchSizing,
    // The simulator's CPU model (5% + load / (40 × vCPU)) reaches full CPU at about 3,800 weighted
    // ops/s per vCPU; a measured figure per engine would replace it here without changing callers.
    opsPerVcpuAtFullCpu: 3800,
    planSpec: planElasticsearchSpec,
    settingsForSize: elasticsearchSettingsForSize,
    roles: equalMembers,
    probe: (node, credentials) => probeElasticsearch(node, credentials, probeTimeoutMs),
    /** Nodes discover each other through seed hosts; forming is every node up in one cluster of the full size. */
    formCluster: (nodes, credentials) =>
      waitForMembers(
        'elasticsearch cluster',
        nodes,
        formTimeoutMs,
        (node) => probeElasticsearch(node, credentials, probeTimeoutMs),
        (result, size) => Number(result.details.number_of_nodes ?? 0) >= size,
      ),
    connectionHint(nodes) {
      return nodes.map((n) => `http://elastic@${n.host}:${n.port}`).join(',');
    },
    connection: elasticsearchConnection,
    workloadDriver: ({ nodes, credentials, timeoutMs }) => new ElasticsearchDriver(nodes, credentials, timeoutMs),
    users: elasticsearchUsers(formTimeoutMs),
    adminRotation: elasticsearchAdminRotation(formTimeoutMs),
    // No local recipe: a JVM and gigabytes per node; docker compose --profile engines runs real ones.
    // Snapshot lifecycle management's usual shape: daily snapshots kept 30 days.
    backup: {
      supported: true,
      method: 'the _snapshot API into a registered repository (incremental by segment)',
      kinds: ['snapshot'],
      pointInTime: false,
      defaultPolicy: {
        enabled: true,
        frequencyHours: 24,
        kind: 'snapshot',
        fullEveryDays: 1,
        retentionDays: 30,
        windowStartHour: 2,
        windowHours: 4,
      },
    },
    simulated: {
      defaultPort: 9200,
      p99BaselineMs: { min: 1.5, max: 6 },
      knownRegressions: {},
      diskPerHeldGb: 1,
      membersGossip: true,
      snapshot: elasticsearchSnapshots,
    },
  };
}
