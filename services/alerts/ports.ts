import type { RemediationRepository } from './sql/remediations';

// What other features may use of the alerts' records. They import these types (or the alert
// services), never sql/; the composition root hands them the concrete repository.

/** Remediations: close the one an operation carried out, when that operation ends. */
export type RemediationsPort = Pick<RemediationRepository, 'finishForOperation'>;
