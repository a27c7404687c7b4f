import type { Workflow } from '../../workflow';
import { done } from '../../workflow';
import { addNode, nextNodeName, waitUntilSynced } from '../node-addition';
import { scaleCheckpoints as checkpoints } from './checkpoints';
import { refreshClusterStats } from '../node-sync';
import { remediationHooks } from '../remediation-hooks';
import { credentialsFor, endpointsOf } from '../cluster-credentials';
import { clusterIsSimulated } from '../cluster-provider';

/**
 * Scale out: adds `addNodesPerRegion` nodes in every region of the cluster (members of a ring, or
 * replicas following the primary), waits for each to hold its share of the data, joins them to the
 * cluster and records the new size.
 */
export const scaleWorkflow: Workflow<'scale'> = {
  type: 'scale',
  steps: {
    'plan-nodes': async (run) => {
      if (checkpoints.own(run, 'plan-nodes').planned) return done;
      // The schema of scale params keeps it within 1 to 10.
      const add = run.op.params.addNodesPerRegion ?? 1;
      const every = await run.ctx.repos.nodes.forCluster(run.cluster.id, true);
      const planned = run.cluster.regions.flatMap((region) => {
        const zones = run.ctx.regions.regions.get(region)?.zones ?? [region];
        const names: string[] = [];
        for (let i = 0; i < add; i += 1) names.push(nextNodeName(run.cluster.name, region, [...every.map((n) => n.name), ...names]));
        return names.map((name, i) => ({
          name,
          region,
          zone: zones[(every.filter((n) => n.region === region).length + i) % zones.length]!,
        }));
      });
      await checkpoints.save(run, 'plan-nodes', { planned, nodesPerRegion: run.cluster.spec.nodesPerRegion + add });
      return done;
    },
    'create-nodes': async (run) => {
      const { planned = [] } = await checkpoints.of(run, 'plan-nodes');
      const role = run.ctx.engines.get(run.cluster.engine).roles(2)[1]!;
      for (const p of planned)
        await addNode(run, { ...p, role, version: run.cluster.spec.version, instanceType: run.cluster.spec.instanceType });
      return done;
    },
    'sync-data': async (run) => {
      const { planned = [] } = await checkpoints.of(run, 'plan-nodes');
      for (const p of planned) {
        const result = await waitUntilSynced(run, p.name);
        if (result.status === 'wait') return result;
      }
      return done;
    },
    'join-cluster': async (run) => {
      if (!clusterIsSimulated(run.ctx, run.cluster)) {
        const nodes = await run.ctx.repos.nodes.forCluster(run.cluster.id);
        await run.ctx.engines.get(run.cluster.engine).formCluster(endpointsOf(nodes), await credentialsFor(run.ctx, run.cluster));
      }
      const nodesPerRegion = Number((await checkpoints.of(run, 'plan-nodes')).nodesPerRegion);
      await run.ctx.repos.clusters.setNodesPerRegion(run.cluster.id, nodesPerRegion);
      await refreshClusterStats(run.ctx, run.cluster);
      return done;
    },
  },
  ...remediationHooks,
};
