import type { StepRun, StepResult, Workflow } from '../../workflow';
import { done, FinalStepError, waitFor } from '../../workflow';
import { MissingCapabilityError } from '../../../providers/capabilities';
import { nodeProvider } from '../cluster-provider';
import { backupCheckpoints as checkpoints } from './checkpoints';
import { backupNode } from './backup-node';
import { probe, settledExpectation } from './probe';

/** Another backup of the cluster (a killed worker's, still running) is waited for this long at most. */
const BUSY_POLL_MS = 5000;
const MAX_BUSY_ROUNDS = 720;

async function chosenNode(run: StepRun<'backup'>) {
  const nodes = await run.ctx.repos.nodes.forCluster(run.cluster.id);
  const node = backupNode(run.cluster.engine, nodes);
  if (!node?.providerId) throw new Error(`cluster ${run.cluster.name} has no running node to back up`);
  const provider = nodeProvider(run.ctx, node);
  if (!provider.backUpNode || !provider.expireBackups) throw new MissingCapabilityError(provider.kind, 'backsUpData');
  return {
    node,
    providerId: node.providerId,
    provider: { backUp: provider.backUpNode.bind(provider), expire: provider.expireBackups.bind(provider) },
  };
}

/**
 * Asks the provider for a backup tagged with this operation's id. The repository is the record of
 * what exists: a retry after a crash finds the backup the killed attempt made (or waits for it to
 * finish) instead of making a second one.
 */
async function backUp(run: StepRun<'backup'>): Promise<StepResult> {
  const { node, providerId, provider } = await chosenNode(run);
  const password = await run.ctx.repos.clusters.password(run.cluster.id);
  const username = run.ctx.engines.get(run.cluster.engine).adminUsername;
  const result = await provider.backUp(providerId, { kind: run.op.params.kind, tag: run.op.id, password, username });
  if (result === 'busy') {
    const rounds = (checkpoints.own(run, 'back-up').busyRounds ?? 0) + 1;
    await checkpoints.save(run, 'back-up', { busyRounds: rounds });
    if (rounds >= MAX_BUSY_ROUNDS) throw new FinalStepError('another backup of the cluster kept the repository busy for an hour');
    return waitFor(BUSY_POLL_MS, 'another backup of this cluster is still running');
  }
  await checkpoints.save(run, 'back-up', { artifact: result, node: node.name });
  run.log.info({ label: result.label, bytes: result.sizeBytes }, 'backup made');
  return done;
}

async function record(run: StepRun<'backup'>): Promise<StepResult> {
  const { artifact } = await checkpoints.of(run, 'back-up');
  if (!artifact) throw new Error('the back-up step recorded no backup');
  const expected = await settledExpectation(run);
  // The admin password the backed-up data holds: a clone of it logs in with it once, to set its own.
  await run.ctx.repos.backups.complete(run.op.params.backupId, artifact, await run.ctx.repos.clusters.password(run.cluster.id));
  if (expected) await run.ctx.repos.backups.recordExpectation(run.op.params.backupId, expected);
  return done;
}

/** Retention: the repository removes what the policy no longer keeps, and the rows say so. */
async function expire(run: StepRun<'backup'>): Promise<StepResult> {
  const keepFull = run.op.params.keepFull;
  if (keepFull === undefined) return done;
  const { providerId, provider } = await chosenNode(run);
  const login = {
    username: run.ctx.engines.get(run.cluster.engine).adminUsername,
    password: await run.ctx.repos.clusters.password(run.cluster.id),
  };
  const kept = await provider.expire(providerId, keepFull, login);
  await checkpoints.save(run, 'expire', { kept });
  await run.ctx.repos.backups.expireAllBut(run.cluster.id, kept);
  return done;
}

/** A backup of a cluster into the backup repository (pgBackRest for PostgreSQL), recorded in its backups row. */
export const backupWorkflow: Workflow<'backup'> = {
  type: 'backup',
  leavesClusterUnchanged: true,
  steps: { probe, 'back-up': backUp, record, expire },
  async onFailure({ ctx, op }, error) {
    await ctx.repos.backups.fail(op.params.backupId, error);
  },
  async onCancel({ ctx, op }) {
    await ctx.repos.backups.fail(op.params.backupId, `cancelled by ${op.requestedBy}`);
  },
};
