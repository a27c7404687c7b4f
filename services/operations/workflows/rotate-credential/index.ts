import type { Workflow } from '../../workflow';
import { done } from '../../workflow';
import { endpointsOf } from '../cluster-credentials';
import { clusterIsSimulated } from '../cluster-provider';
import { checkpointsOf } from '../../checkpoints';
import { newSecret } from '../../../core/ids';

const checkpoints = checkpointsOf<
  'rotate_credential',
  { prepare: object; introduce: { simulated?: boolean; alreadyAdopted?: boolean }; adopt: object }
>();

/**
 * Rotates the control plane's own login on a cluster. The next password is sealed beside the current
 * one before any server sees it, so a worker that dies at any point finds it again (and the servers
 * may already accept it: the engine logs in with whichever works); only once every node accepts it
 * does it replace the stored credential. Where the engine lets both work (Redis), a held
 * retire_credential operation removes the old one after the grace period.
 */
export const rotateCredentialWorkflow: Workflow<'rotate_credential'> = {
  type: 'rotate_credential',
  steps: {
    prepare: async (run) => {
      const secrets = run.ctx.repos.clusterSecrets;
      if ((await secrets.nextPassword(run.cluster.id)) === null) await secrets.storeNext(run.cluster.id, newSecret(24));
      if ((await secrets.nextPassword(run.cluster.id)) === null) throw new Error('the next credential could not be stored');
      return done;
    },
    introduce: async (run) => {
      const next = await run.ctx.repos.clusterSecrets.nextPassword(run.cluster.id);
      if (next === null) {
        // A worker that died after the adopt step left nothing to introduce.
        await checkpoints.save(run, 'introduce', { alreadyAdopted: true });
        return done;
      }
      const simulated = clusterIsSimulated(run.ctx, run.cluster);
      if (!simulated) {
        const engine = run.ctx.engines.get(run.cluster.engine);
        if (!engine.adminRotation) throw new Error(`${engine.displayName} has no credential to rotate`);
        const nodes = endpointsOf((await run.ctx.repos.nodes.forCluster(run.cluster.id)).filter((n) => n.state !== 'terminated'));
        const current = await run.ctx.repos.clusters.password(run.cluster.id);
        await engine.adminRotation.introduce(nodes, engine.adminUsername, current, next);
        // The HA manager logs in to the nodes too: it learns the next password while the old one still works.
        if (engine.failover && run.cluster.failoverManager)
          await engine.failover.introducePassword(run.cluster.failoverManager, { username: engine.adminUsername, password: current }, next);
      }
      await checkpoints.save(run, 'introduce', { simulated });
      return done;
    },
    adopt: async (run) => {
      await run.ctx.repos.clusterSecrets.adoptNext(run.cluster.id);
      return done;
    },
  },
};
