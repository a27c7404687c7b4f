import type { Environment } from '../../core/types';
import { createSizedSettings, createSpecPlanner, type SettingsContext, type SizingProfile } from '../sizing';
import { postgresCatalog } from './catalog';

const mbPerGb = 1024;
const megabytes = (gb: number): string => `${Math.max(1, Math.floor(gb * mbPerGb))}MB`;

/**
 * Every PostgreSQL node (a primary and its streaming replicas) holds the whole database, so only a
 * bigger disk adds capacity. Data stays within 60% of disk: WAL bursts, temporary files, a table
 * rewrite (VACUUM FULL, index rebuild) and pg_upgrade all need free space at the worst moment.
 */
export const postgresSizing: SizingProfile = {
  engine: 'postgres',
  resource: 'diskGb',
  fillLimit: 0.6,
  placement: 'replicated',
  copiesPerRegion: 1,
  // A replica to fail over to in every environment; prod keeps a second so failover leaves one.
  minNodesPerRegion: (environment: Environment) => (environment === 'prod' ? 3 : 2),
  nodeStep: 1,
  maxNodesPerRegion: 96,
  minMemoryGb: () => 0,
  tooBigAdvice: 'split the data over several databases or choose cassandra',
};

function postgresSettings({ sized }: SettingsContext) {
  const { memoryGb, vcpu, diskGb } = sized.instance;
  // Each backend costs memory and a process; beyond a few hundred, put a pooler in front instead.
  const maxConnections = Math.min(400, 100 + 25 * vcpu);
  const sharedBuffersGb = memoryGb * 0.25;
  return {
    shared_buffers: megabytes(sharedBuffersGb),
    // What the OS page cache plus shared_buffers can hold; steers the planner toward index scans.
    effective_cache_size: megabytes(memoryGb * 0.75),
    max_connections: maxConnections,
    // Sorts and hashes may use several work_mem each; this keeps a full house within RAM.
    work_mem: megabytes(Math.max(4 / mbPerGb, (memoryGb - sharedBuffersGb) / (maxConnections * 4))),
    maintenance_work_mem: megabytes(Math.min(2, memoryGb / 16)),
    wal_level: 'replica',
    max_wal_senders: 10,
    hot_standby: 'on',
    // A stuck replica may hold WAL back, but never more than a tenth of the disk.
    max_slot_wal_keep_size: megabytes(diskGb * 0.1),
    random_page_cost: 1.1,
  };
}

export const planPostgresSpec = createSpecPlanner(postgresSizing, postgresCatalog, postgresSettings);
const allSettingsForSize = createSizedSettings(postgresSizing, postgresSettings);

/**
 * What a resize recomputes: everything the size sets but max_connections, which a hot standby must
 * have at least as high as its primary's (it refuses to start otherwise), and a rolling resize
 * changes the replicas first; it stays as provisioned or as the team set it.
 */
export const postgresSettingsForSize: typeof allSettingsForSize = (cluster, instance) => {
  const { max_connections: _kept, ...resized } = allSettingsForSize(cluster, instance);
  return resized;
};
