import type { HookRun, StepRun, StepResult, Workflow } from '../../workflow';
import { done, FinalStepError, waitFor } from '../../workflow';
import { restoreDrillCheckpoints as checkpoints } from './checkpoints';

const POLL_MS = 2000;

/** Restores the backup into a scratch cluster and waits until it serves (its provision succeeded). */
async function restore(run: StepRun<'restore_drill'>): Promise<StepResult> {
  const { drillId, backupId } = run.op.params;
  let { provisionOperationId } = checkpoints.own(run, 'restore');
  if (!provisionOperationId) {
    const asked = await run.ctx.drills.restore(drillId, run.cluster, backupId);
    await checkpoints.save(run, 'restore', asked);
    provisionOperationId = asked.provisionOperationId;
  }
  const scratch = await run.ctx.drills.scratchState(drillId, provisionOperationId);
  if (scratch.state === 'failed') throw new FinalStepError(`the backup could not be restored: ${scratch.error}`);
  if (scratch.state === 'restoring') return waitFor(POLL_MS, 'the scratch cluster is being restored');
  return done;
}

/** Compares the scratch cluster with what the backup was recorded to hold; a mismatch fails the drill after the scratch is gone. */
async function verify(run: StepRun<'restore_drill'>): Promise<StepResult> {
  const { scratchClusterId } = await checkpoints.of(run, 'restore');
  if (!scratchClusterId) throw new Error('the restore step recorded no scratch cluster');
  const mismatches = await run.ctx.drills.verify(run.op.params.drillId, scratchClusterId, run.op.params.backupId);
  await checkpoints.save(run, 'verify', { mismatches });
  return done;
}

async function destroy(run: StepRun<'restore_drill'>): Promise<StepResult> {
  const { scratchClusterId } = await checkpoints.of(run, 'restore');
  if (scratchClusterId && !(await run.ctx.drills.destroy(run.op.params.drillId, scratchClusterId)))
    return waitFor(POLL_MS, 'the scratch cluster is being destroyed');
  const { mismatches = [] } = await checkpoints.of(run, 'verify');
  if (mismatches.length > 0) throw new FinalStepError(`the restore does not hold what the backup did: ${mismatches.join('; ')}`);
  return done;
}

/** A failed or cancelled drill still destroys its scratch cluster (asked for, not waited on), and pages the owner. */
async function abandon(run: HookRun<'restore_drill'>, reason: string): Promise<void> {
  const { scratchClusterId } = await checkpoints.of(run, 'restore');
  let outcome = reason;
  try {
    if (scratchClusterId) await run.ctx.drills.destroy(run.op.params.drillId, scratchClusterId);
  } catch (error) {
    // The drill's outcome is recorded and paged all the same; the scratch cluster is named in the page.
    run.log.error({ err: error, scratchClusterId }, 'the scratch cluster of a failed restore drill could not be decommissioned');
    outcome = `${reason} (its scratch cluster ${scratchClusterId} could not be decommissioned: ${error instanceof Error ? error.message : String(error)})`;
  }
  await run.ctx.drills.finish(run.op.params.drillId, run.cluster, outcome);
}

/**
 * A restore drill: the cluster's latest checked backup restored into a scratch cluster, compared with
 * what the backup was recorded to hold, timed (RPO, RTO), and destroyed. The source is only read.
 */
export const restoreDrillWorkflow: Workflow<'restore_drill'> = {
  type: 'restore_drill',
  leavesClusterUnchanged: true,
  steps: { restore, verify, destroy },
  async onSuccess(run) {
    await run.ctx.drills.finish(run.op.params.drillId, run.cluster, null);
  },
  onFailure: abandon,
  async onCancel(run) {
    await abandon(run, `cancelled by ${run.op.requestedBy}`);
  },
};
