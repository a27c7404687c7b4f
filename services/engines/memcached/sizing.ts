import { createSizedSettings, createSpecPlanner, type SettingsContext, type SizingProfile } from '../sizing';
import { memcachedCatalog } from './catalog';

/** EVCache keeps one full copy of the data in each of a region's three zones. */
export const zonesPerRegion = 3;

/**
 * memcached as EVCache runs it: each zone of a region holds one full copy of the data, spread over
 * that zone's nodes by key hash (the client writes to every zone and reads from its own), so a
 * region holds `zonesPerRegion` copies and nodes come in steps of one per zone. Items stay within
 * 70% of RAM (`-m`): connection buffers, the hash table and the slab allocator's unused chunks live
 * outside that limit, and the OS needs the rest.
 */
export const memcachedSizing: SizingProfile = {
  engine: 'memcached',
  resource: 'memoryGb',
  fillLimit: 0.7,
  placement: 'partitioned',
  copiesPerRegion: zonesPerRegion,
  minNodesPerRegion: () => zonesPerRegion,
  nodeStep: zonesPerRegion,
  maxNodesPerRegion: 96,
  minMemoryGb: () => 0,
  tooBigAdvice: 'split the data over several clusters (for example by key prefix or tenant)',
};

const mbPerGb = 1024;

/** The item memory (`-m`, in MB) of one node of this instance type: the fill limit of its RAM. */
export const memoryLimitMb = (memoryGb: number): number => Math.floor(memoryGb * memcachedSizing.fillLimit * mbPerGb);

function memcachedSettings({ sized }: SettingsContext) {
  const { memoryGb, vcpu } = sized.instance;
  return {
    memory_limit_mb: memoryLimitMb(memoryGb),
    // EVCache clients hold a few connections per application instance per node; thousands of them
    // per node are normal, and each idle one costs only a few KB since 1.6.
    max_connections: 4096 * Math.max(1, Math.ceil(vcpu / 4)),
    // One worker thread per vCPU: memcached scales with threads and does nothing else on the node.
    threads: Math.max(1, vcpu),
    // A cache: a full node evicts the least recently used items rather than refusing writes.
    evictions: true,
    item_size_max_mb: 1,
  };
}

export const planMemcachedSpec = createSpecPlanner(memcachedSizing, memcachedCatalog, memcachedSettings);
export const memcachedSettingsForSize = createSizedSettings(memcachedSizing, memcachedSettings);
