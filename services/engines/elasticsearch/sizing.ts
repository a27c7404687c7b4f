import type { Environment } from '../../core/types';
import { createSizedSettings, createSpecPlanner, type SettingsContext, type SizingProfile } from '../sizing';
import { elasticsearchCatalog } from './catalog';

/** Shards of 10–50 GB recover and rebalance quickly; aim for the middle. */
const targetShardGb = 30;

/**
 * Elasticsearch spreads shards over nodes with one replica each, so a region holds two copies.
 * Data stays within a third of disk: merges rewrite segments, relocation needs room on the
 * receiving node, and the disk watermarks (85%/90%) stop allocation well before the disk is full.
 * Three master-eligible nodes keep a quorum through the loss of one.
 */
export const elasticsearchSizing: SizingProfile = {
  engine: 'elasticsearch',
  resource: 'diskGb',
  fillLimit: 1 / 3,
  placement: 'partitioned',
  copiesPerRegion: 2,
  minNodesPerRegion: () => 3,
  nodeStep: 1,
  maxNodesPerRegion: 96,
  minMemoryGb: (environment: Environment) => (environment === 'prod' ? 16 : 8),
  tooBigAdvice: 'split the data over several clusters or shorten retention',
};

function elasticsearchSettings({ expectedDataGb, sized }: SettingsContext) {
  // Half of RAM for the heap, the other half for the file cache Lucene lives on; above ~31 GB the
  // JVM loses compressed object pointers and a bigger heap holds less.
  const heapGb = Math.max(1, Math.floor(Math.min(sized.instance.memoryGb / 2, 31)));
  return {
    heap_size: `${heapGb}g`,
    number_of_shards: Math.max(1, Math.ceil(expectedDataGb / targetShardGb)),
    number_of_replicas: sized.replicationFactor - 1,
    'node.roles': 'master,data,ingest',
    'bootstrap.memory_lock': true,
    'xpack.security.enabled': true,
  };
}

export const planElasticsearchSpec = createSpecPlanner(elasticsearchSizing, elasticsearchCatalog, elasticsearchSettings);
export const elasticsearchSettingsForSize = createSizedSettings(elasticsearchSizing, elasticsearchSettings);
