import type { Environment } from '../../core/types';
import { createSizedSettings, createSpecPlanner, type SettingsContext, type SizingProfile } from '../sizing';
import { redisCatalog } from './catalog';

const bytesPerGb = 1024 ** 3;
/** Test clusters this small get a single node: losing it loses nothing a test cannot recreate. */
const tinyTestDataGb = 1;

/**
 * Redis holds the whole data set in the memory of every node (a primary and its replicas), so only a
 * bigger instance adds capacity. maxmemory is 70% of RAM: the fork behind BGSAVE and AOF rewrites
 * copies pages as they are written, and replication buffers and fragmentation need the rest.
 */
export const redisSizing: SizingProfile = {
  engine: 'redis',
  resource: 'memoryGb',
  fillLimit: 0.7,
  placement: 'replicated',
  copiesPerRegion: 1,
  minNodesPerRegion(environment: Environment, expectedDataGb: number): number {
    if (environment === 'prod') return 3;
    return expectedDataGb <= tinyTestDataGb ? 1 : 2;
  },
  nodeStep: 1,
  maxNodesPerRegion: 96,
  minMemoryGb: () => 0,
  tooBigAdvice: 'split the data over several clusters or choose cassandra',
};

function redisSettings({ environment, sized }: SettingsContext) {
  const maxmemory = Math.floor(sized.instance.memoryGb * redisSizing.fillLimit * bytesPerGb);
  // A backlog of ~1% of the data lets a replica that blinked resync partially instead of fully.
  const replBacklogSize = Math.min(bytesPerGb, Math.max(64 * 1024 ** 2, Math.floor(maxmemory / 100)));
  return {
    maxmemory,
    // A datastore, not a cache: a full node must refuse writes, never silently drop keys.
    'maxmemory-policy': 'noeviction',
    appendonly: 'yes',
    appendfsync: 'everysec',
    'repl-backlog-size': replBacklogSize,
    // Test clusters skip RDB snapshots: AOF is enough and forks hurt small instances.
    save: environment === 'prod' ? '3600 1 300 100' : '',
  };
}

export const planRedisSpec = createSpecPlanner(redisSizing, redisCatalog, redisSettings);
export const redisSettingsForSize = createSizedSettings(redisSizing, redisSettings);
