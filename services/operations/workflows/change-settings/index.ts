import type { StepRun, Workflow } from '../../workflow';
import { done, LeaseLostError } from '../../workflow';
import { checkpointsOf } from '../../checkpoints';
import { configValues, type ParameterValue } from '../../../core/engine-settings';
import type { ClusterNode } from '../../../core/types';
import type { NodeChange } from '../../../providers/provider';
import { rollingOrder, rollNodes, undoOrder, type RollingProgress } from '../upgrade/rolling-change';
import { credentialsFor } from '../cluster-credentials';
import { nodeIsSimulated } from '../cluster-provider';

/** What each step records: the forward roll (and why it stopped, if it did) and the undo. */
const checkpoints = checkpointsOf<'change_settings', { apply: RollingProgress & { failed: string }; revert: RollingProgress }>();

/** Sets `values` on every node: through the provider's configuration, and for live ones at runtime too. */
function roll(run: StepRun<'change_settings'>, values: Record<string, ParameterValue>, order: (n: ClusterNode[]) => ClusterNode[]) {
  const p = run.op.params;
  const engine = run.ctx.engines.get(run.cluster.engine);
  const parameters = engine.settings?.parameters ?? [];
  const change: NodeChange = { settings: configValues(parameters, values), ...(p.live ? { live: true } : {}) };
  return rollNodes(
    run,
    () => change,
    order,
    p.live
      ? async (node, changed) => {
          if (nodeIsSimulated(run.ctx, node)) return;
          const endpoint = { name: node.name, host: changed.host, port: changed.port, role: node.role };
          await engine.settings!.applyLive(endpoint, await credentialsFor(run.ctx, run.cluster), values);
        }
      : undefined,
  );
}

const describe = (values: Record<string, ParameterValue>) =>
  Object.entries(values)
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(', ');

/**
 * Changes engine parameters on every node, replicas before the primary, each node health-gated
 * (the upgrade's rolling change): live parameters at runtime with no restart (the provider keeps
 * them for the next start), others by restarting one node at a time. If any node will not take the
 * change, every node is put back to the values before (the replicas in reverse, the primary still
 * last: an HA manager hands its role over once), and the operation ends rolled_back.
 */
export const changeSettingsWorkflow: Workflow<'change_settings'> = {
  type: 'change_settings',
  steps: {
    apply: async (run) => {
      if (checkpoints.own(run, 'apply').failed) return done;
      try {
        return await roll(run, run.op.params.settings, rollingOrder);
      } catch (error) {
        if (error instanceof LeaseLostError) throw error;
        await checkpoints.save(run, 'apply', { failed: (error as Error).message });
        return done;
      }
    },
    revert: async (run) => {
      if (!(await checkpoints.of(run, 'apply')).failed) return done;
      return roll(run, run.op.params.before, undoOrder);
    },
  },
  async rolledBack(run) {
    const { failed } = await checkpoints.of(run, 'apply');
    return failed ? { reason: `${failed}; every node put back to ${describe(run.op.params.before)}` } : null;
  },
  async onSuccess({ ctx, cluster, op }) {
    const parameters = ctx.engines.get(cluster.engine).settings?.parameters ?? [];
    await ctx.repos.clusters.recordSettings(cluster.id, configValues(parameters, op.params.settings));
    await ctx.repos.clusters.setStatus(cluster.id, 'ACTIVE', null);
  },
  async onRolledBack({ ctx, cluster }, reason) {
    await ctx.repos.clusters.setStatus(cluster.id, 'ACTIVE', `last settings change rolled back: ${reason}`);
  },
  async onFailure({ ctx, cluster }, error) {
    await ctx.repos.clusters.setStatus(cluster.id, 'ACTIVE', `last settings change failed: ${error}`);
  },
};
