import type { StepRun, StepResult } from '../../workflow';
import { done } from '../../workflow';
import { nodeIsSimulated } from '../cluster-provider';
import { credentialsFor, endpointsOf } from '../cluster-credentials';
import { backupCheckpoints as checkpoints } from './checkpoints';
import { backupNode } from './backup-node';

/**
 * Before the backup, for engines a restore drill can check: the control plane's probe write goes
 * into the source and what the backup must hold is read from the node it copies. Skipped on nodes
 * that are not real servers (nothing to write to) and on a resumed step that already recorded it.
 */
export async function probe(run: StepRun<'backup'>): Promise<StepResult> {
  const check = run.ctx.engines.get(run.cluster.engine).restoreCheck;
  if (!check || checkpoints.own(run, 'probe').expected) return done;
  const nodes = await run.ctx.repos.nodes.forCluster(run.cluster.id);
  const copied = backupNode(run.cluster.engine, nodes);
  if (!copied || nodeIsSimulated(run.ctx, copied)) return done;
  const endpoints = endpointsOf(nodes.filter((n) => n.state === 'running'));
  const primary = endpoints.find((n) => n.role === 'primary');
  const target = endpoints.find((n) => n.name === copied.name);
  if (!primary || !target) return done;
  const expected = await check.beforeBackup({
    primary,
    backupNode: target,
    credentials: await credentialsFor(run.ctx, run.cluster),
    tag: run.op.id,
  });
  await checkpoints.save(run, 'probe', { expected });
  return done;
}

/** After the backup: the expectation widened by what changed while it ran (for engines that need it). */
export async function settledExpectation(run: StepRun<'backup'>) {
  const { expected } = await checkpoints.of(run, 'probe');
  const check = run.ctx.engines.get(run.cluster.engine).restoreCheck;
  if (!expected || !check?.afterBackup) return expected ?? null;
  const { node } = await checkpoints.of(run, 'back-up');
  const target = endpointsOf(await run.ctx.repos.nodes.forCluster(run.cluster.id)).find((n) => n.name === node);
  if (!target) return expected;
  return check.afterBackup({ backupNode: target, credentials: await credentialsFor(run.ctx, run.cluster), expected });
}
