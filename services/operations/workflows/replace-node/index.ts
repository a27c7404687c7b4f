import type { StepRun, Workflow } from '../../workflow';
import { done, FinalStepError } from '../../workflow';
import type { ClusterNode } from '../../../core/types';
import { addNode, nextNodeName, waitUntilSynced } from '../node-addition';
import { replaceNodeCheckpoints as checkpoints } from './checkpoints';
import { refreshClusterStats } from '../node-sync';
import { checkPrimary } from './primary-check';
import { forgetRetired, switchOver } from './switch-over';
import { replaceNodeHooks } from './outcome-hooks';
import { alertGone } from '../alert-gone';

async function nodeNamed(run: StepRun, name: string | null | undefined, includeTerminated = false): Promise<ClusterNode> {
  const node = (await run.ctx.repos.nodes.forCluster(run.cluster.id, includeTerminated)).find((n) => n.name === name);
  if (!node) throw new Error(`node ${String(name)} is not part of cluster ${run.cluster.name}`);
  return node;
}

/**
 * Why a remediation's node needs no replacing any more, or null. A NodeDown remediation may wait
 * behind another operation on the cluster (the cluster lease): an in-place restore, say, stops every
 * node on purpose and their NodeDown queue replacements, and the nodes are back when those run.
 * Replacing a node that answers (a primary: a switchover) is work and risk for nothing, so the
 * replacement asks again as the alert was confirmed (`alertGone`): the node's own probe now (the
 * provider's state for a simulated node). The health watcher's last score is no such evidence: it
 * may not have looked since the node came back. Other alerts (failing hardware, a retirement
 * notice) do not heal by themselves, and replacements a person or maintenance planned are never
 * skipped.
 */
async function recoveredSinceAsked(run: StepRun<'replace_node'>): Promise<string | null> {
  if (run.op.params.maintenance) return null;
  const gone = await alertGone(run, ['NodeDown']);
  return gone ? `${gone}: nothing to replace` : null;
}

const nothingToReplace = async (run: StepRun<'replace_node'>) => Boolean((await checkpoints.of(run, 'check')).recovered);

const replacementName = async (run: StepRun<'replace_node'>) => String((await checkpoints.of(run, 'create-replacement')).replacement);

/**
 * Replaces a node by copying rather than bootstrapping an empty one: a new node of the same zone,
 * version and instance type joins and catches up (a replica syncs from its primary, a simulated
 * node copies its data), and only then is the old node terminated. A primary's replacement joins
 * as a replica and takes over once in sync, the cluster's HA manager handing it over (switch-over);
 * a primary that died was replaced by the HA manager already, which `check` confirms, and is
 * replaced as a replica. `check` records the role the old node is replaced in, so a resumed
 * operation knows whether it replaces a primary after the roles have been swapped.
 */
export const replaceNodeWorkflow: Workflow<'replace_node'> = {
  type: 'replace_node',
  steps: {
    check: async (run) => {
      const old = (await run.ctx.repos.nodes.forCluster(run.cluster.id)).find((n) => n.name === run.op.params.node);
      // Replaced or removed since this was planned (by a playbook, a scale-in, a decommission): a
      // retry cannot bring it back, so say so at once.
      if (!old)
        throw new FinalStepError(
          `node ${String(run.op.params.node)} is no longer a live node of ${run.cluster.name}: there is nothing to replace`,
        );
      const recovered = await recoveredSinceAsked(run);
      if (recovered) {
        run.log.info({ node: old.name, recovered }, 'the node recovered since the replacement was asked for: nothing to replace');
        await checkpoints.save(run, 'check', { role: old.role, recovered });
        return done;
      }
      if (old.role === 'primary') return checkPrimary(run, old);
      await checkpoints.save(run, 'check', { role: old.role });
      return done;
    },
    'create-replacement': async (run) => {
      if (await nothingToReplace(run)) return done;
      const old = await nodeNamed(run, run.op.params.node, true);
      const name =
        checkpoints.own(run, 'create-replacement').replacement ??
        nextNodeName(
          run.cluster.name,
          old.region,
          (await run.ctx.repos.nodes.forCluster(run.cluster.id, true)).map((n) => n.name),
        );
      await checkpoints.save(run, 'create-replacement', { replacement: name });
      const role = (await checkpoints.of(run, 'check')).role === 'primary' ? 'replica' : old.role;
      await addNode(run, { name, region: old.region, zone: old.zone, role, version: old.softwareVersion, instanceType: old.instanceType });
      return done;
    },
    'sync-data': async (run) => ((await nothingToReplace(run)) ? done : waitUntilSynced(run, await replacementName(run))),
    'switch-over': async (run) => {
      if ((await nothingToReplace(run)) || (await checkpoints.of(run, 'check')).role !== 'primary') return done;
      return switchOver(run, await nodeNamed(run, run.op.params.node, true), await nodeNamed(run, await replacementName(run)));
    },
    'retire-old': async (run) => {
      if (await nothingToReplace(run)) return done;
      const old = await nodeNamed(run, run.op.params.node, true);
      if (old.providerId) await run.ctx.providers.forRegion(old.region).destroyNode(old.providerId);
      await run.ctx.repos.nodes.setState(old.id, 'terminated');
      await refreshClusterStats(run.ctx, run.cluster);
      await forgetRetired(run);
      return done;
    },
  },
  ...replaceNodeHooks,
};
