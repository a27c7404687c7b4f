import type { Workflow } from '../../workflow';
import { done } from '../../workflow';
import { credentialsFor, endpointsOf } from '../cluster-credentials';
import { checkpointsOf } from '../../checkpoints';
import { sha256Hex } from '../../../core/ids';

const checkpoints = checkpointsOf<'retire_credential', { retire: { retired?: boolean; why?: string } }>();

/**
 * After a rotation's grace period, the previous credential stops working on every node. It runs
 * after its rotation (operations of a cluster run in request order); when that rotation did not
 * finish, the previous credential is still the current one and is left alone.
 */
export const retireCredentialWorkflow: Workflow<'retire_credential'> = {
  type: 'retire_credential',
  steps: {
    retire: async (run) => {
      const admin = await credentialsFor(run.ctx, run.cluster);
      if (sha256Hex(admin.password) === run.op.params.previousSha256) {
        await checkpoints.save(run, 'retire', {
          retired: false,
          why: 'the rotation did not finish: the previous credential is still the current one',
        });
        return done;
      }
      const engine = run.ctx.engines.get(run.cluster.engine);
      const nodes = endpointsOf((await run.ctx.repos.nodes.forCluster(run.cluster.id)).filter((n) => n.state !== 'terminated'));
      await engine.adminRotation?.retire(nodes, admin, run.op.params.previousSha256);
      if (engine.failover && run.cluster.failoverManager)
        await engine.failover.retirePassword(run.cluster.failoverManager, admin, run.op.params.previousSha256);
      await checkpoints.save(run, 'retire', { retired: true });
      return done;
    },
  },
};
