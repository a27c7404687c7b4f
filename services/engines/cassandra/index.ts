import type { EngineAdapter } from '../engine';
import { defaultFormTimeoutMs, defaultProbeTimeoutMs, waitForMembers, type EngineTimeouts } from '../probing';
import { equalMembers } from '../roles';
import { cassandraCatalog } from './catalog';
import { probeCassandra } from './probe';
import { cassandraSizing, planCassandraSpec, cassandraSettingsForSize } from './sizing';
import { CassandraDriver } from './workload-driver';
import { cassandraConnection, contactPointsOf } from './client-connection';
import { cassandraUsers } from './users';
import { cassandraAdminRotation } from './admin-rotation';
import { cassandraSnapshots } from './snapshots';

export interface CassandraEngineOptions extends EngineTimeouts {
  /** The data center name nodes report (cassandra-rackdc.properties); 'datacenter1' out of the box. */
  localDataCenter?: string;
}

export function createCassandraEngine(options: CassandraEngineOptions = {}): EngineAdapter {
  const probeOptions = {
    timeoutMs: options.probeTimeoutMs ?? defaultProbeTimeoutMs,
    localDataCenter: options.localDataCenter ?? 'datacenter1',
  };
  const formTimeoutMs = options.formTimeoutMs ?? defaultFormTimeoutMs;
  return {
    name: 'cassandra',
    displayName: 'Apache Cassandra',
    defaultPort: 9042,
    catalog: cassandraCatalog,
    adminUsername: 'cassandra',
    sizing: cassandraSizing,
    // The simulator's CPU model (5% + load / (40 × vCPU)) reaches full CPU at about 3,800 weighted
    // ops/s per vCPU; a measured figure per engine would replace it here without changing callers.
    opsPerVcpuAtFullCpu: 3800,
    planSpec: planCassandraSpec,
    settingsForSize: cassandraSettingsForSize,
    roles: equalMembers,
    probe: (node, credentials) => probeCassandra(node, credentials, probeOptions),
    /** Nodes join the ring themselves through seeds; forming is seeing every node up and aware of the others. */
    formCluster: (nodes, credentials) =>
      waitForMembers(
        'cassandra ring',
        nodes,
        formTimeoutMs,
        (node) => probeCassandra(node, credentials, probeOptions),
        (result, size) => Number(result.details.peers_count ?? 0) >= size - 1,
      ),
    /** Contact points for a driver; three are enough to bootstrap, the driver discovers the rest. */
    connectionHint(nodes) {
      if (nodes.length === 0) return '';
      return `cassandra://cassandra@${contactPointsOf(nodes)}?localDataCenter=${probeOptions.localDataCenter}`;
    },
    connection: (nodes, login) =>
      cassandraConnection(nodes, login, {
        localDataCenter: probeOptions.localDataCenter,
        replicationFactor: cassandraSizing.copiesPerRegion,
      }),
    workloadDriver: ({ nodes, credentials, timeoutMs, localDataCenter }) =>
      new CassandraDriver(nodes, credentials, localDataCenter ?? probeOptions.localDataCenter, timeoutMs),
    users: cassandraUsers(probeOptions.localDataCenter, formTimeoutMs),
    adminRotation: cassandraAdminRotation(probeOptions.localDataCenter, formTimeoutMs),
    // No local recipe: a JVM and gigabytes per node; docker compose --profile engines runs real ones.
    // Medusa-style: a per-node `nodetool snapshot` (hard links, no copy) shipped to the repository, daily.
    backup: {
      supported: true,
      method: 'nodetool snapshot on every node (hard links of the SSTables), copied to the repository',
      kinds: ['snapshot'],
      pointInTime: false,
      defaultPolicy: {
        enabled: true,
        frequencyHours: 24,
        kind: 'snapshot',
        fullEveryDays: 1,
        retentionDays: 7,
        windowStartHour: 2,
        windowHours: 4,
      },
    },
    simulated: {
      defaultPort: 9042,
      p99BaselineMs: { min: 1.5, max: 6 },
      knownRegressions: { '4.1.7': { baseline: '4.1.6', p99Factor: 1.8 } },
      diskPerHeldGb: 1,
      membersGossip: true,
      snapshot: cassandraSnapshots,
    },
  };
}
