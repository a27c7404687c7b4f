import type { StepRun, Workflow } from '../../workflow';
import { done, LeaseLostError } from '../../workflow';
import { checkpointsOf } from '../../checkpoints';
import type { ClusterNode } from '../../../core/types';
import { usableCapacityGb } from '../../../engines/sizing';
import { rollingOrder, rollNodes, undoOrder, type RollingProgress } from '../upgrade/rolling-change';
import { refreshClusterStats } from '../node-sync';
import { applySizedSettingsLive, sizedSettingsChange } from './sized-settings';
import { clusterProvider } from '../cluster-provider';

/** What each step records: the forward roll (and why it stopped, if it did) and the undo. */
const checkpoints = checkpointsOf<'resize', { 'resize-nodes': RollingProgress & { failed: string }; revert: RollingProgress }>();

/** The size-dependent settings of this resize; the cluster's spec changes only once it succeeded, so every round computes the same. */
const sizedSettings = (run: StepRun<'resize'>) =>
  sizedSettingsChange(run.ctx, run.cluster, run.op.params.before, run.op.params.instanceType);

/**
 * Moves each node to `instanceType` with the settings that follow the size (written for its next
 * start, set live where the engine takes them). The provider's change is a no-op on a node that has
 * both already, so a resumed roll asks again safely.
 */
const roll = (
  run: StepRun<'resize'>,
  instanceType: string,
  settings: Record<string, string | number | boolean>,
  order: (n: ClusterNode[]) => ClusterNode[],
) => {
  // Local nodes keep their small fixed memory caps: the new type's values go to the spec only.
  const sized = Object.keys(settings).length > 0 && clusterProvider(run.ctx, run.cluster).capabilities.has('sizesNodes');
  return rollNodes(
    run,
    () => ({ instanceType, ...(sized ? { settings } : {}) }),
    order,
    sized ? applySizedSettingsLive(run.ctx, run.cluster, settings) : undefined,
  );
};

/**
 * Moves every node to another instance type, one node at a time, replicas before the primary, each
 * serving again before the next (the upgrade's rolling change, with no benchmark gate: the size is
 * what the team asked for), with the settings the engine derives from the size recomputed for the
 * new one (those the team set itself are kept; they reach the nodes where the provider sizes them by
 * their type, and the cluster's spec everywhere). If a node will not come back on the new type, every node is moved back
 * to the type before, and the operation ends rolled_back.
 */
export const resizeWorkflow: Workflow<'resize'> = {
  type: 'resize',
  steps: {
    'resize-nodes': async (run) => {
      if (checkpoints.own(run, 'resize-nodes').failed) return done;
      try {
        return await roll(run, run.op.params.instanceType, (await sizedSettings(run)).after, rollingOrder);
      } catch (error) {
        if (error instanceof LeaseLostError) throw error;
        await checkpoints.save(run, 'resize-nodes', { failed: (error as Error).message });
        return done;
      }
    },
    revert: async (run) => {
      if (!(await checkpoints.of(run, 'resize-nodes')).failed) return done;
      return roll(run, run.op.params.before, (await sizedSettings(run)).before, undoOrder);
    },
  },
  async rolledBack(run) {
    const { failed } = await checkpoints.of(run, 'resize-nodes');
    return failed ? { reason: `${failed}; every node moved back to ${run.op.params.before}` } : null;
  },
  async onSuccess({ ctx, cluster, op }) {
    const instanceType = op.params.instanceType;
    const { after: settings } = await sizedSettingsChange(ctx, cluster, op.params.before, instanceType);
    if (Object.keys(settings).length > 0) await ctx.repos.clusters.recordSettings(cluster.id, settings);
    const instance = ctx.regions.instanceTypes.get(instanceType);
    const profile = ctx.engines.get(cluster.engine).sizing;
    await ctx.repos.clusters.recordChange(cluster.id, {
      instanceType,
      ...(instance ? { usableCapacityGb: usableCapacityGb(profile, instance, cluster.spec.nodesPerRegion) } : {}),
    });
    await refreshClusterStats(ctx, { ...cluster, spec: { ...cluster.spec, instanceType } });
    await ctx.repos.clusters.setStatus(cluster.id, 'ACTIVE', null);
  },
  async onRolledBack({ ctx, cluster }, reason) {
    await ctx.repos.clusters.setStatus(cluster.id, 'ACTIVE', `last resize rolled back: ${reason}`);
  },
  async onFailure({ ctx, cluster }, error) {
    await ctx.repos.clusters.setStatus(cluster.id, 'ACTIVE', `last resize failed: ${error}`);
  },
};
