import type { RemediationRepository } from './sql/remediations';

// What other features may use of the alerts' records. They import these types (or the alert
// services), never sql/; the composition root hands them the concrete repository.

/** Remediations: which alert an operation answers, and closing it when that operation ends. */
export type RemediationsPort = Pick<RemediationRepository, 'finishForOperation' | 'alertNameFor'>;
