import type { OperationHooks } from '../../workflow';
import { remediationHooks } from '../remediation-hooks';
import { replaceNodeCheckpoints } from './checkpoints';
import { reportReplacementOutcome } from '../../../maintenance/maintenance-outcome';

/**
 * A replacement may have been started by a playbook (its remediation is closed, a failure pages)
 * or planned by maintenance (the owner is told how it ended); each hook ignores what is not its own.
 */
export const replaceNodeHooks: Pick<OperationHooks<'replace_node'>, 'onSuccess' | 'onFailure'> = {
  async onSuccess(run) {
    await remediationHooks.onSuccess!(run);
    const { replacement } = await replaceNodeCheckpoints.of(run, 'create-replacement');
    await reportReplacementOutcome(run.ctx, run.op.id, run.cluster, { status: 'succeeded', replacementNode: replacement ?? null });
  },
  async onFailure(run, error) {
    await remediationHooks.onFailure!(run, error);
    await reportReplacementOutcome(run.ctx, run.op.id, run.cluster, { status: 'failed', error });
  },
};
