import type { Environment } from '../../core/types';
import { createSizedSettings, createSpecPlanner, type SettingsContext, type SizingProfile } from '../sizing';
import { compareVersions } from '../versions';
import { cassandraCatalog } from './catalog';

/**
 * Cassandra spreads data over the ring with RF 3 in every region, one rack per zone, so nodes come
 * in threes. Data stays within a third of each disk: a third for data, a third for snapshots and
 * backups, a third for compaction, which rewrites SSTables and briefly needs their size again.
 */
export const cassandraSizing: SizingProfile = {
  engine: 'cassandra',
  resource: 'diskGb',
  fillLimit: 1 / 3,
  placement: 'partitioned',
  copiesPerRegion: 3,
  minNodesPerRegion: () => 3,
  nodeStep: 3,
  maxNodesPerRegion: 96,
  // Production heaps below 8 GB spend their time in GC under real load.
  minMemoryGb: (environment: Environment) => (environment === 'prod' ? 16 : 8),
  tooBigAdvice: 'split the data over several clusters (for example by keyspace or tenant)',
};

/** Up to half of RAM for small nodes, a quarter for larger ones (page cache serves reads), never over 31 GB. */
function heapGb(memoryGb: number): number {
  return Math.min(31, Math.max(Math.min(memoryGb / 2, 8), Math.floor(memoryGb / 4)));
}

function cassandraSettings({ version, sized }: SettingsContext) {
  const { memoryGb, vcpu } = sized.instance;
  const modernTokens = compareVersions(version, '4.0.0') >= 0;
  return {
    // 4.0+ allocates few tokens evenly; 3.11 lacks the allocator for new rings, so it keeps 256.
    num_tokens: modernTokens ? 16 : 256,
    ...(modernTokens ? { allocate_tokens_for_local_replication_factor: 3 } : {}),
    // Unified compaction (5.0) adapts to the workload; before it, size-tiered is the safe default.
    compaction_strategy: compareVersions(version, '5.0.0') >= 0 ? 'UnifiedCompactionStrategy' : 'SizeTieredCompactionStrategy',
    max_heap_size: `${Math.floor(heapGb(memoryGb))}G`,
    garbage_collector: 'G1GC',
    concurrent_compactors: Math.min(8, Math.max(2, Math.floor(vcpu / 2))),
    endpoint_snitch: 'GossipingPropertyFileSnitch',
    replication_strategy: 'NetworkTopologyStrategy',
  };
}

export const planCassandraSpec = createSpecPlanner(cassandraSizing, cassandraCatalog, cassandraSettings);
export const cassandraSettingsForSize = createSizedSettings(cassandraSizing, cassandraSettings);
