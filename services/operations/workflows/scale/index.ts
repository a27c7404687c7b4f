import type { Workflow } from '../../workflow';
import { done } from '../../workflow';
import { addNode, waitUntilSynced } from '../node-addition';
import { scaleCheckpoints as checkpoints } from './checkpoints';
import { nodesToAdd, nodesToRemove } from './plan';
import { capacityAt, drainLeaving, removeLeaving } from './scale-in';
import { refreshClusterStats } from '../node-sync';
import { remediationHooks } from '../remediation-hooks';
import { alertGone } from '../alert-gone';
import { credentialsFor, endpointsOf } from '../cluster-credentials';
import { clusterIsSimulated } from '../cluster-provider';

/**
 * Scale out or in. Out: adds nodes in every region of the cluster (members of a ring, or replicas
 * following the primary), waits for each to hold its share of the data, joins them to the cluster
 * and records the new size (a playbook's scale-out adds nothing when the alert it answers no longer
 * holds by the time it runs: `alertGone`). In: picks replicas or members to leave (never a primary), moves their
 * data to the nodes that stay, then terminates them. A playbook asks for `addNodesPerRegion` more;
 * a team asks for a size, `nodesPerRegion`.
 */
export const scaleWorkflow: Workflow<'scale'> = {
  type: 'scale',
  steps: {
    'plan-nodes': async (run) => {
      if (checkpoints.own(run, 'plan-nodes').planned) return done;
      // A playbook's scale-out waits for the maintenance window: the pressure it answers may be over by then.
      const gone = await alertGone(run);
      if (gone) {
        const nodesPerRegion = run.cluster.spec.nodesPerRegion;
        await checkpoints.save(run, 'plan-nodes', { planned: [], leaving: [], nodesPerRegion, skipped: `${gone}: no node added` });
        return done;
      }
      const every = await run.ctx.repos.nodes.forCluster(run.cluster.id, true);
      const live = every.filter((n) => n.state !== 'terminated');
      const target = run.op.params.nodesPerRegion;
      const current = run.op.params.fromNodesPerRegion ?? run.cluster.spec.nodesPerRegion;
      // The schema of scale params keeps a playbook's step within 1 to 10.
      const add = target === undefined ? (run.op.params.addNodesPerRegion ?? 1) : Math.max(0, target - current);
      const leaving =
        target === undefined || target >= current
          ? []
          : run.cluster.regions.flatMap((region) =>
              nodesToRemove(
                live.filter((n) => n.region === region),
                current - target,
              ).map((n) => ({ name: n.name, region: n.region, zone: n.zone })),
            );
      const planned = add > 0 ? nodesToAdd(run, every, add) : [];
      await checkpoints.save(run, 'plan-nodes', { planned, leaving, nodesPerRegion: target ?? current + add });
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
      const { planned = [], nodesPerRegion } = await checkpoints.of(run, 'plan-nodes');
      if (planned.length === 0) return done;
      if (!clusterIsSimulated(run.ctx, run.cluster)) {
        const nodes = await run.ctx.repos.nodes.forCluster(run.cluster.id);
        await run.ctx.engines.get(run.cluster.engine).formCluster(endpointsOf(nodes), await credentialsFor(run.ctx, run.cluster));
      }
      const size = Number(nodesPerRegion);
      await run.ctx.repos.clusters.setNodesPerRegion(run.cluster.id, size, capacityAt(run.ctx, run.cluster, size));
      await refreshClusterStats(run.ctx, run.cluster);
      return done;
    },
    'drain-nodes': drainLeaving,
    'remove-nodes': removeLeaving,
  },
  ...remediationHooks,
};
