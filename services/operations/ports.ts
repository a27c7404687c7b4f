import type { OperationRepository } from './sql/operations';

// What other features may use of the operations' records. They import these types (or the
// operation service), never sql/; the composition root hands them the concrete repository.

/** Operations: a filtered list, and a cluster's open operations of one type (to answer a repeated request with the queued one). */
export type OperationsPort = Pick<OperationRepository, 'list' | 'openOfType'>;
