import type { HealthRepository } from './sql/health';

// What other features may use of the health records. They import these types, never sql/; the
// composition root hands them the concrete repository.

/** Health: the last observed state of each node of a cluster (evidence for an alert, an upgrade's check). */
export type HealthPort = Pick<HealthRepository, 'forCluster'>;
