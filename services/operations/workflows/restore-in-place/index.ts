import type { StepRun, StepResult, Workflow } from '../../workflow';
import { done, FinalStepError, waitFor } from '../../workflow';
import { checkpointsOf } from '../../checkpoints';
import type { ClusterNode } from '../../../core/types';
import type { RestoreSource } from '../../../core/engine-port';
import { MissingCapabilityError } from '../../../providers/capabilities';
import { nodeProvider } from '../cluster-provider';
import { credentialsFor, endpointsOf } from '../cluster-credentials';
import { recordNode, refreshClusterStats } from '../node-sync';
import { restoredNodesReady } from '../restored-login';
import { archiveNow } from '../archive-now';
import { ensureFailoverManager } from '../failover-manager';

/** What each step records: which nodes, which are done, how long it has waited. */
const checkpoints = checkpointsOf<
  'restore_in_place',
  {
    prepare: { primary: string; replicas: string[] };
    'release-manager': { released: boolean };
    'restore-primary': { restored: boolean; waits: number };
    'restore-replicas': { restored: string[] };
    'hand-back': Record<string, never>;
    verify: { rounds: number };
  }
>();

/** A node not back within ten minutes (one-second rounds) fails the restore. */
const MAX_WAITS = 600;

async function nodeNamed(run: StepRun<'restore_in_place'>, name: string): Promise<ClusterNode> {
  const node = (await run.ctx.repos.nodes.forCluster(run.cluster.id)).find((n) => n.name === name);
  if (!node?.providerId) throw new Error(`node ${name} is no longer part of cluster ${run.cluster.name}`);
  return node;
}

async function restoreNode(run: StepRun<'restore_in_place'>, node: ClusterNode, primary?: { host: string; port: number }) {
  const provider = nodeProvider(run.ctx, node);
  if (!provider.restoreNodeInPlace) throw new MissingCapabilityError(provider.kind, 'restoresInPlace');
  const { backupId: _backupId, label, to } = run.op.params;
  const source: RestoreSource = { clusterId: run.cluster.id, label, ...(to ? { targetTime: to } : {}) };
  const password = await run.ctx.repos.clusters.password(run.cluster.id);
  const seen = await provider.restoreNodeInPlace(node.providerId!, { source, password, ...(primary ? { primary } : {}) });
  await recordNode(run.ctx, run.cluster, node.role, seen);
}

/** Which node leads and which follow, fixed before anything stops; for a point in time, the log until now archived first. */
async function prepare(run: StepRun<'restore_in_place'>): Promise<StepResult> {
  const nodes = (await run.ctx.repos.nodes.forCluster(run.cluster.id)).filter((n) => n.state !== 'terminated' && n.providerId);
  const primary = nodes.find((n) => n.role === 'primary');
  if (!primary) throw new FinalStepError(`cluster ${run.cluster.name} has no primary to restore onto`);
  if (run.op.params.to) await archiveNow(run.ctx, run.cluster.id);
  await run.ctx.repos.clusters.setStatus(run.cluster.id, 'UPDATING', `restoring backup ${run.op.params.backupId} in place`);
  await checkpoints.save(run, 'prepare', { primary: primary.name, replicas: nodes.filter((n) => n.role === 'replica').map((n) => n.name) });
  return done;
}

/**
 * Nodes run by the cluster's HA manager (Patroni) taken back from it first: a member would lead
 * while the primary is restored, and the restored primary would follow it. They are handed over
 * again once restored (`hand-back`).
 */
async function releaseManager(run: StepRun<'restore_in_place'>): Promise<StepResult> {
  const { primary } = await checkpoints.of(run, 'prepare');
  const node = await nodeNamed(run, primary!);
  const provider = nodeProvider(run.ctx, node);
  const released = (await provider.releaseFailoverManagedNodes?.(run.cluster.id, { host: node.host!, port: node.port! })) ?? false;
  await checkpoints.save(run, 'release-manager', { released });
  return done;
}

/** The primary's data made again from the backup; done once it leads and takes the cluster's own login. */
async function restorePrimary(run: StepRun<'restore_in_place'>): Promise<StepResult> {
  const { primary } = await checkpoints.of(run, 'prepare');
  const node = await nodeNamed(run, primary!);
  const own = checkpoints.own(run, 'restore-primary');
  if (!own.restored) {
    await restoreNode(run, node);
    await checkpoints.save(run, 'restore-primary', { restored: true });
  }
  const fresh = await nodeNamed(run, primary!);
  if (
    await restoredNodesReady(run, { backupId: run.op.params.backupId, sourceClusterId: run.cluster.id }, [
      { host: fresh.host!, port: fresh.port! },
    ])
  )
    return done;
  const waits = (own.waits ?? 0) + 1;
  await checkpoints.save(run, 'restore-primary', { waits });
  if (waits >= MAX_WAITS) throw new Error(`the restored primary ${primary} did not lead within ${MAX_WAITS} seconds`);
  return waitFor(1000, 'the restored primary is still replaying its backup');
}

/** Each replica copied again from the restored primary (Redis: emptied, then a full sync). */
async function restoreReplicas(run: StepRun<'restore_in_place'>): Promise<StepResult> {
  const { primary, replicas } = await checkpoints.of(run, 'prepare');
  const leader = await nodeNamed(run, primary!);
  const restored = new Set(checkpoints.own(run, 'restore-replicas').restored ?? []);
  for (const name of replicas ?? []) {
    if (restored.has(name)) continue;
    await restoreNode(run, await nodeNamed(run, name), { host: leader.host!, port: leader.port! });
    restored.add(name);
    await checkpoints.save(run, 'restore-replicas', { restored: [...restored] });
  }
  return done;
}

/** The restored nodes handed to the HA manager they were taken from: the primary leads, the replicas follow it. */
async function handBack(run: StepRun<'restore_in_place'>): Promise<StepResult> {
  if ((await checkpoints.of(run, 'release-manager')).released) await ensureFailoverManager(run.ctx, run.cluster);
  return done;
}

/**
 * Every node answers its engine's probe with the cluster's credential, then every replica follows
 * the restored primary again (the engine's forming check, bounded, as a new cluster's: PostgreSQL
 * streaming from it, Redis its link up): a replica that runs but does not replicate would serve
 * the backup's data and miss every write after it.
 */
async function verify(run: StepRun<'restore_in_place'>): Promise<StepResult> {
  const engine = run.ctx.engines.get(run.cluster.engine);
  const credentials = await credentialsFor(run.ctx, run.cluster);
  const endpoints = endpointsOf(await run.ctx.repos.nodes.forCluster(run.cluster.id));
  const down: string[] = [];
  for (const node of endpoints) {
    const probe = await engine.probe(node, credentials);
    if (!probe.up) down.push(`${node.name}: ${probe.error ?? 'down'}`);
  }
  if (down.length === 0) {
    await engine.formCluster(endpoints, credentials);
    return done;
  }
  const rounds = (checkpoints.own(run, 'verify').rounds ?? 0) + 1;
  await checkpoints.save(run, 'verify', { rounds });
  if (rounds >= MAX_WAITS) throw new Error(`nodes did not answer after the restore: ${down.join('; ')}`);
  return waitFor(1000, `waiting for probes: ${down.join('; ')}`);
}

/**
 * A backup restored onto the cluster's own nodes (asked for with the cluster's name as
 * confirmation, audited by the API): the primary's data made again from the backup (PostgreSQL:
 * pgBackRest restore into its data directory, replayed to `to` when given; Redis: the RDB as its AOF
 * base), then every replica from it; nodes run by an HA manager (Patroni) are taken from it first and
 * handed back after. Endpoints, configuration and the cluster's credential stay.
 */
export const restoreInPlaceWorkflow: Workflow<'restore_in_place'> = {
  type: 'restore_in_place',
  steps: {
    prepare,
    'release-manager': releaseManager,
    'restore-primary': restorePrimary,
    'restore-replicas': restoreReplicas,
    'hand-back': handBack,
    verify,
  },
  async onSuccess({ ctx, cluster }) {
    await refreshClusterStats(ctx, cluster);
    await ctx.repos.clusters.setStatus(cluster.id, 'ACTIVE', null);
  },
  async onFailure({ ctx, cluster, op }, error) {
    await refreshClusterStats(ctx, cluster);
    await ctx.repos.clusters.setStatus(
      cluster.id,
      'FAILED',
      `in-place restore of backup ${op.params.backupId} failed: ${error}. Restore it again, or into a new cluster.`,
    );
  },
};
