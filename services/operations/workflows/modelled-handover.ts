import type { StepRun, StepResult } from '../workflow';
import { done, waitFor } from '../workflow';
import type { ClusterNode } from '../../core/types';
import { recordModelledFailover } from '../../failover/modelled-failover';
import type { HandoverProgress } from './primary-handover';

/** Waits between looks at a modelled manager: at least this, so a slow clock cannot spin a worker. */
const MIN_WAIT_MS = 50;
const MAX_WAIT_MS = 5000;

/**
 * Hands the primary role away from `from` through the HA manager its provider models (the
 * simulated cloud's Sentinel or Patroni), to `to` when named: the moment it was asked is kept in
 * the checkpoint, so the modelled switchover (timing, chosen replica) is the same for a worker that
 * resumes; once the manager has promoted, the change is recorded as a switchover with its window
 * and the roles follow. A manager that refuses throws its reason. Datafleet promotes nobody.
 */
export async function handOverModelled(run: StepRun, from: ClusterNode, to: ClusterNode | null): Promise<StepResult> {
  const { ctx, cluster } = run;
  const nodes = await ctx.repos.nodes.forCluster(cluster.id);
  const primary = nodes.find((n) => n.role === 'primary');
  const progress = run.checkpoint as Partial<HandoverProgress>;
  // Recorded already: a worker that died after recording it resumes here.
  if (progress.handoverRequested && primary && primary.id !== from.id) return done;
  const provider = ctx.providers.forRegion(from.region);
  const askedAt = progress.handoverAskedAt ?? ctx.clock.now().toISOString();
  const modelled =
    provider.modelledSwitchover && from.providerId
      ? await provider.modelledSwitchover(from.providerId, { askedAt: new Date(askedAt), ...(to?.providerId ? { to: to.providerId } : {}) })
      : null;
  if (!modelled) throw new Error(`${cluster.name} has no HA manager to switch over through`);
  if (modelled.state === 'refused') throw new Error(modelled.why);
  if (!progress.handoverRequested) await run.save({ handoverRequested: true, handoverAskedAt: askedAt });
  if (modelled.state === 'switching') {
    const untilMs = modelled.leadsAt.getTime() - ctx.clock.now().getTime();
    return waitFor(Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, untilMs)), modelled.why);
  }
  const promoted = nodes.find((n) => n.providerId === modelled.newPrimary);
  if (!promoted) throw new Error(`${modelled.manager} promoted ${modelled.newPrimary}, which is no live node of ${cluster.name}`);
  await recordModelledFailover(ctx, cluster, {
    kind: 'switchover',
    old: from,
    promoted,
    decidedBy: modelled.managerKind,
    unavailableMs: modelled.unavailableMs,
    operationId: run.op.id,
  });
  return done;
}
