import type { StepRun, Workflow } from '../../workflow';
import { done, FinalStepError } from '../../workflow';
import { credentialsFor, endpointsOf } from '../cluster-credentials';
import { clusterIsSimulated } from '../cluster-provider';
import { checkpointsOf } from '../../checkpoints';
import { UserChangeRefused, type DatabaseUserChange } from '../../../core/engine-port';
import type { DatabaseUserRecord } from '../../../database-users/ports';

/** What the step records: the statements or requests sent (password masked), or why there was nothing to do. */
const checkpoints = checkpointsOf<'database_user', { apply: { sent?: string[]; simulated?: boolean; nothingToDo?: string } }>();

/** The change this operation stands for, given the user as it is now; a string says why there is none left. */
async function changeFor(run: StepRun<'database_user'>, user: DatabaseUserRecord | null): Promise<DatabaseUserChange | string> {
  const { action, generation } = run.op.params;
  if (!user) return 'the user no longer exists';
  const spec = { name: user.name, access: user.access, scope: user.scope };
  switch (action) {
    case 'create':
    case 'rotate': {
      if (user.generation !== generation) return `password ${generation} was replaced by ${user.generation} before it was applied`;
      const password = await run.ctx.repos.databaseUsers.pendingPassword(run.cluster.id, user.name, generation);
      if (password === null) return `password ${generation} is already applied`;
      const previous =
        action === 'rotate' && user.previous ? { generation: user.previous.generation, validUntil: user.previous.expiresAt } : undefined;
      return { kind: 'add-password', user: spec, generation, password, ...(previous ? { previous } : {}) };
    }
    case 'expire':
      if (user.previous?.generation !== generation) return `password ${generation} is already removed`;
      return { kind: 'remove-password', user: spec, generation, passwordSha256: user.previous.passwordSha256 };
    case 'delete':
      return { kind: 'drop', user: spec, generations: [user.generation, ...(user.previous ? [user.previous.generation] : [])] };
  }
}

/** Records on the user what the servers now have. */
async function recordDone(run: StepRun<'database_user'>, user: DatabaseUserRecord): Promise<void> {
  const users = run.ctx.repos.databaseUsers;
  const { action, generation } = run.op.params;
  if (action === 'create' || action === 'rotate') await users.markApplied(run.cluster.id, user.name, generation);
  else if (action === 'expire') await users.forgetPrevious(run.cluster.id, user.name, generation);
  else await users.remove(run.cluster.id, user.name);
}

/**
 * Creates, rotates, expires or deletes an application's user on the cluster's servers with the
 * engine's driver, then records it. A simulated cluster has no servers: it records the statements
 * the engine would send. Repeating the step after a crash is harmless: each change is idempotent,
 * and a password already applied or removed is recognised from the user's record.
 */
export const databaseUserWorkflow: Workflow<'database_user'> = {
  type: 'database_user',
  steps: {
    apply: async (run) => {
      const user = await run.ctx.repos.databaseUsers.find(run.cluster.id, run.op.params.user);
      const change = await changeFor(run, user);
      if (typeof change === 'string') {
        await checkpoints.save(run, 'apply', { nothingToDo: change });
        return done;
      }
      const engine = run.ctx.engines.get(run.cluster.engine);
      if (!engine.users) throw new Error(`${engine.displayName} has no users`);
      const sent = engine.users.describe(change);
      const simulated = clusterIsSimulated(run.ctx, run.cluster);
      if (!simulated) {
        const nodes = endpointsOf((await run.ctx.repos.nodes.forCluster(run.cluster.id)).filter((n) => n.state !== 'terminated'));
        await engine.users.apply(nodes, await credentialsFor(run.ctx, run.cluster), change).catch((error: unknown) => {
          throw error instanceof UserChangeRefused ? new FinalStepError(error.message) : error;
        });
      }
      await checkpoints.save(run, 'apply', { sent, simulated });
      await recordDone(run, user!);
      return done;
    },
  },
};
