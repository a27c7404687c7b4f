import type { FailoverEventRepository } from './sql/failover-events';

// What other features may use of the failover records; the composition root hands over the repository.

/** Failover events: record one (with the roles it changed, once), read a cluster's. */
export type FailoverEventsPort = Pick<FailoverEventRepository, 'recordChange' | 'forCluster' | 'recent' | 'watchedClusterIds'>;
