import type { OperationHooks } from '../workflow';
import { pageRemediationFailure } from '../../alerts/remediation-failure';

/**
 * Hooks of every operation a playbook can start: the remediation it carries out is closed with the
 * outcome, and when automation failed a person is paged after all.
 */
export const remediationHooks: Pick<OperationHooks, 'onSuccess' | 'onFailure'> = {
  async onSuccess({ ctx, op }) {
    await ctx.repos.remediations.finishForOperation(op.id, 'succeeded');
    await ctx.events.publish({ type: 'alert', data: { operationId: op.id, action: 'remediated' } });
  },
  async onFailure({ ctx, op, cluster }, error) {
    const remediation = await ctx.repos.remediations.finishForOperation(op.id, 'failed');
    if (remediation) await pageRemediationFailure(ctx.pager, cluster, remediation.alertName, error);
  },
};
