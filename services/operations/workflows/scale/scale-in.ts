import type { StepRun, StepResult } from '../../workflow';
import { done, waitFor } from '../../workflow';
import type { WorkflowDeps } from '../../workflow-deps';
import type { ClusterRecord } from '../../../fleet/cluster-record';
import { usableCapacityGb } from '../../../engines/sizing';
import { SIMULATED_COPY_MB_PER_S } from '../node-addition';
import { answers } from '../upgrade/rolling-change';
import { forgetRetired } from '../replace-node/switch-over';
import { clusterIsSimulated } from '../cluster-provider';
import { refreshClusterStats } from '../node-sync';
import { scaleCheckpoints as checkpoints } from './checkpoints';

const MAX_DRAIN_ROUNDS = 300;

/**
 * The usable capacity at a new node count, for engines whose capacity grows with nodes; undefined
 * for replicated engines (every node holds everything: the count changes redundancy, not capacity).
 */
export function capacityAt(ctx: WorkflowDeps, cluster: ClusterRecord, nodesPerRegion: number): number | undefined {
  const profile = ctx.engines.get(cluster.engine).sizing;
  const instance = ctx.regions.instanceTypes.get(cluster.spec.instanceType);
  if (profile.placement !== 'partitioned' || !instance) return undefined;
  return usableCapacityGb(profile, instance, nodesPerRegion);
}

/**
 * Data moves before a node leaves. A partitioned engine's leaving nodes hand their share to the
 * nodes that stay (simulated: streamed at the simulated copy rate, waited for by delayed jobs); a
 * replicated engine's staying nodes hold everything already. Either way every staying node must
 * serve (a replica following its primary) before any node goes. Real memcached nodes hold a cache:
 * the clients refill what the leaving nodes held from the source of truth, so nothing is copied.
 */
export async function drainLeaving(run: StepRun<'scale'>): Promise<StepResult> {
  const { leaving = [] } = await checkpoints.of(run, 'plan-nodes');
  if (leaving.length === 0) return done;
  const own = checkpoints.own(run, 'drain-nodes');
  const startedAt = own.startedAt ?? Date.now();
  if (own.startedAt === undefined) await checkpoints.save(run, 'drain-nodes', { startedAt });
  const gone = new Set(leaving.map((n) => n.name));
  const nodes = await run.ctx.repos.nodes.forCluster(run.cluster.id);
  const before = Math.max(1, nodes.filter((n) => n.region === run.cluster.regions[0]).length);
  const profile = run.ctx.engines.get(run.cluster.engine).sizing;
  let waiting: string | null = null;
  if (clusterIsSimulated(run.ctx, run.cluster) && profile.placement === 'partitioned') {
    const shareGb = (run.cluster.expectedDataGb * profile.copiesPerRegion) / before;
    const moveMs = ((shareGb * 1024) / SIMULATED_COPY_MB_PER_S / run.ctx.config.simulatorTimeScale) * 1000;
    if (Date.now() < startedAt + moveMs) waiting = `moving ${shareGb.toFixed(1)} GB off each leaving node`;
  }
  for (const node of nodes.filter((n) => !gone.has(n.name))) {
    if (waiting) break;
    const health = await answers(run, node);
    if (!health.ok) waiting = `${node.name} must serve before a node leaves: ${health.detail}`;
  }
  if (!waiting) return done;
  const rounds = (own.rounds ?? 0) + 1;
  await checkpoints.save(run, 'drain-nodes', { rounds });
  if (rounds >= MAX_DRAIN_ROUNDS) throw new Error(`the leaving nodes were not drained: ${waiting}`);
  return waitFor(1000, waiting);
}

/** Terminates the drained nodes, each once, then records the new size, capacity and cost. */
export async function removeLeaving(run: StepRun<'scale'>): Promise<StepResult> {
  const { leaving = [], nodesPerRegion } = await checkpoints.of(run, 'plan-nodes');
  if (leaving.length === 0) return done;
  const removed = new Set(checkpoints.own(run, 'remove-nodes').removed ?? []);
  const every = await run.ctx.repos.nodes.forCluster(run.cluster.id, true);
  for (const planned of leaving) {
    if (removed.has(planned.name)) continue;
    const node = every.find((n) => n.name === planned.name);
    if (node && node.state !== 'terminated') {
      if (node.providerId) await run.ctx.providers.forRegion(node.region).destroyNode(node.providerId);
      await run.ctx.repos.nodes.setState(node.id, 'terminated');
    }
    removed.add(planned.name);
    await checkpoints.save(run, 'remove-nodes', { removed: [...removed] });
  }
  await forgetRetired(run);
  const size = Number(nodesPerRegion);
  await run.ctx.repos.clusters.setNodesPerRegion(run.cluster.id, size, capacityAt(run.ctx, run.cluster, size));
  await refreshClusterStats(run.ctx, run.cluster);
  return done;
}
