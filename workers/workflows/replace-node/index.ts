import type { StepRun, Workflow } from '../../operations/workflow';
import { done } from '../../operations/workflow';
import type { ClusterNode } from '../../../services/domain/types';
import { addNode, checkpointOf, nextNodeName, waitUntilSynced } from '../node-addition';
import { refreshClusterStats } from '../node-sync';
import { remediationHooks } from '../remediation-hooks';

async function nodeNamed(run: StepRun, name: unknown, includeTerminated = false): Promise<ClusterNode> {
  const node = (await run.ctx.repos.nodes.forCluster(run.cluster.id, includeTerminated)).find((n) => n.name === name);
  if (!node) throw new Error(`node ${String(name)} is not part of cluster ${run.cluster.name}`);
  return node;
}

/**
 * Replaces a node by copying rather than bootstrapping an empty one: a new node of the same role,
 * zone, version and instance type joins and catches up (a replica syncs from its primary, a
 * simulated node copies its data), and only then is the old node terminated. A primary is not
 * replaced in place: that needs a failover first, which a person decides.
 */
export const replaceNodeWorkflow: Workflow<'replace_node'> = {
  type: 'replace_node',
  steps: {
    check: async (run) => {
      const old = await nodeNamed(run, run.op.params.node);
      if (old.role === 'primary') throw new Error(`${old.name} is the primary: fail over to a replica before replacing it`);
      return done;
    },
    'create-replacement': async (run) => {
      const old = await nodeNamed(run, run.op.params.node, true);
      const name = (run.checkpoint.replacement as string | undefined) ?? nextNodeName(run.cluster.name, old.region, (await run.ctx.repos.nodes.forCluster(run.cluster.id, true)).map((n) => n.name));
      await run.save({ replacement: name });
      await addNode(run, { name, region: old.region, zone: old.zone, role: old.role, version: old.softwareVersion, instanceType: old.instanceType });
      return done;
    },
    'sync-data': async (run) => waitUntilSynced(run, String(await checkpointOf(run, 'create-replacement', 'replacement'))),
    'retire-old': async (run) => {
      const old = await nodeNamed(run, run.op.params.node, true);
      if (old.providerId) await run.ctx.providers.forRegion(old.region).destroyNode(old.providerId);
      await run.ctx.repos.nodes.setState(old.id, 'terminated');
      await refreshClusterStats(run.ctx, run.cluster);
      return done;
    },
  },
  ...remediationHooks,
};
