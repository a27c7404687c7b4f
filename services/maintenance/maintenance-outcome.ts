import type { MaintenanceDeps } from './maintenance-deps';
import type { ClusterRecord } from '../fleet/cluster-record';
import { ReplacementRows } from './sql/replacement-rows';
import { MaintenanceNotifier } from './maintenance-notifier';
import { failedText, succeededText } from './notice-text';

export type ReplacementOutcome = { status: 'succeeded'; replacementNode: string | null } | { status: 'failed'; error: string };

/**
 * Tells the owner how a planned replacement ended. Operations not planned by maintenance (a
 * playbook's replacement) are left alone; a hook that runs twice sends nothing twice.
 */
export async function reportReplacementOutcome(
  ctx: MaintenanceDeps,
  operationId: string,
  cluster: ClusterRecord,
  outcome: ReplacementOutcome,
): Promise<void> {
  const replacement = await new ReplacementRows(ctx.pool).forOperation(operationId);
  if (!replacement) return;
  const text =
    outcome.status === 'succeeded' ? succeededText(replacement, outcome.replacementNode) : failedText(replacement, outcome.error);
  await new MaintenanceNotifier(ctx).send(replacement, cluster, outcome.status, text);
}
