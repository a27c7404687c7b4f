import type { StepRun, StepResult } from '../../workflow';
import { done, FinalStepError, waitFor } from '../../workflow';
import type { ClusterNode } from '../../../core/types';
import { isSimulated, requireCapabilities } from '../../../providers/capabilities';
import { observeFailover } from '../../../failover/failover-observer';
import { recordModelledFailover } from '../../../failover/modelled-failover';
import { replaceNodeCheckpoints as checkpoints } from './checkpoints';

/** How long a lost primary's replacement waits for the HA manager to promote a replica before a person is paged. */
export const FAILOVER_WAIT_MS = 45_000;

/**
 * Whether, and how, this operation may replace a primary. Simulated: a running primary is switched
 * over to the new node once it holds the data; a dead one must have been failed over by the
 * provider's modelled HA manager (recorded here like a real manager's failover), else a person is paged. Real nodes: only through the cluster's HA manager (Redis Sentinel) —
 * Datafleet promotes nobody. A running primary is switched over by the manager (switch-over); a
 * primary that is gone must have been replaced by the manager already: its promotion is confirmed
 * and recorded, and the old node is then replaced like any replica. While the manager has not
 * acted the step waits (bounded); when it cannot (no quorum, no healthy replica) the operation
 * fails with its reason and a person is paged. Refused at once: an operation recorded before
 * switch-over was a step, and a real cluster without an HA manager (a person fails it over).
 */
export async function checkPrimary(run: StepRun<'replace_node'>, primary: ClusterNode): Promise<StepResult> {
  const { cluster } = run;
  if (!run.op.steps.some((s) => s.name === 'switch-over')) {
    throw new FinalStepError(`${primary.name} is the primary: fail over to a replica before replacing it`);
  }
  const provider = run.ctx.providers.forRegion(primary.region);
  try {
    requireCapabilities(provider, ['switchesOver'], `replace the primary ${primary.name}`);
  } catch (error) {
    throw new FinalStepError((error as Error).message);
  }
  const seen = primary.providerId ? await provider.describeNode(primary.providerId) : null;
  if (isSimulated(provider)) {
    if (seen?.state === 'running') return recordRole(run, 'primary');
    const modelled = provider.modelledFailover ? await provider.modelledFailover(primary.providerId!) : null;
    if (!modelled || modelled.state === 'primary-up')
      throw new FinalStepError(
        `${primary.name} is the primary and is ${seen?.state ?? 'missing'}: promoting a replica of a primary that does not run may lose writes, so a person decides`,
      );
    if (modelled.state === 'failed') throw new FinalStepError(`no replica was promoted in place of ${primary.name}: ${modelled.why}`);
    if (modelled.state === 'electing') return waitBounded(run, primary, modelled.why);
    const promoted = (await run.ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.providerId === modelled.newPrimary);
    if (!promoted) throw new Error(`${modelled.manager} promoted ${modelled.newPrimary}, which is no live node of ${cluster.name}`);
    await recordModelledFailover(run.ctx, cluster, {
      old: primary,
      promoted,
      decidedBy: modelled.managerKind,
      unavailableMs: modelled.unavailableMs,
      operationId: run.op.id,
    });
    return recordRole(run, 'replica');
  }
  const observed = await observeFailover(run.ctx, cluster, { operationId: run.op.id, leaveFailoversToWatcher: true });
  if (observed.state === 'unmanaged')
    throw new FinalStepError(
      `${primary.name} is the primary of ${cluster.name}, a local ${cluster.engine} cluster without an HA manager` +
        `${cluster.failoverNote ? ` (${cluster.failoverNote})` : ''}: its failover is not automated. ` +
        'A person must promote a replica and re-point the others, then replace the old primary as a replica',
    );
  if (observed.state === 'changed') return recordRole(run, 'replica'); // the manager promoted another node: replace the old one as a replica
  if (observed.state === 'steady' && seen?.state === 'running') return recordRole(run, 'primary'); // planned: the manager switches over
  const why =
    observed.state === 'waiting' ? observed.why : `${primary.name} is ${seen?.state ?? 'missing'}; the HA manager still names it primary`;
  return waitBounded(run, primary, why);
}

/** Waits for the HA manager (at most its promotionWaitMs, else FAILOVER_WAIT_MS, from the first wait, recorded): then a person is paged. */
async function waitBounded(run: StepRun<'replace_node'>, primary: ClusterNode, why: string): Promise<StepResult> {
  const since = checkpoints.own(run, 'check').waitingSince ?? run.ctx.clock.now().toISOString();
  await checkpoints.save(run, 'check', { waitingSince: since });
  const waitMs = run.ctx.engines.get(run.cluster.engine).failover?.promotionWaitMs ?? FAILOVER_WAIT_MS;
  if (run.ctx.clock.now().getTime() - Date.parse(since) >= waitMs)
    throw new FinalStepError(`no replica was promoted in place of ${primary.name} within ${waitMs / 1000} s: ${why}`);
  return waitFor(1000, why);
}

async function recordRole(run: StepRun<'replace_node'>, role: 'primary' | 'replica'): Promise<StepResult> {
  await checkpoints.save(run, 'check', { role });
  return done;
}
