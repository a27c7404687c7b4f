import type { StepRun, StepResult } from '../workflow';
import { done, waitFor } from '../workflow';
import type { ClusterNode } from '../../core/types';
import { credentialsFor } from './cluster-credentials';
import { observeFailover } from '../../failover/failover-observer';

/** A handover is watched once a second; two minutes covers Sentinel's re-pointing with room to spare. */
const MAX_ROUNDS = 120;

/** What a handover records in the checkpoint of the step that runs it. */
export interface HandoverProgress {
  /** The HA manager accepted the request (asked once; a resumed worker only watches). */
  handoverRequested: boolean;
  handoverRounds: number;
  /** When a modelled manager was asked (modelled-handover.ts): its switchover follows from that moment. */
  handoverAskedAt?: string;
}

const hostPort = (n: Pick<ClusterNode, 'host' | 'port'>) => `${n.host}:${n.port}`;

/** Whether the primary role of this cluster's nodes is handed over by an HA manager (real servers with one); else the node is changed in place. */
export function handsOverThroughManager(run: Pick<StepRun, 'ctx' | 'cluster'>, primary: ClusterNode): boolean {
  if (!run.cluster.failoverManager || !run.ctx.engines.get(run.cluster.engine).failover) return false;
  const provider = run.ctx.providers.forRegion(primary.region);
  return provider.capabilities.has('runsRealServers') && provider.capabilities.has('switchesOver');
}

/**
 * Hands the primary role away from `from` through the cluster's HA manager (to `to` when named,
 * else to the replica the manager picks): the manager is asked once, then watched until it names
 * another primary, which is recorded as a switchover, and until it has re-pointed every other
 * replica. Datafleet promotes nobody. Progress lives in the running step's checkpoint (the
 * HandoverProgress fields), so a worker killed anywhere resumes by watching: a manager that already
 * switched is only recorded.
 */
export async function handOverPrimary(run: StepRun, from: ClusterNode, to: ClusterNode | null): Promise<StepResult> {
  const { ctx, cluster } = run;
  const progress = run.checkpoint as Partial<HandoverProgress>;
  const failover = ctx.engines.get(cluster.engine).failover;
  if (!failover || !cluster.failoverManager) throw new Error(`${cluster.name} has no HA manager to switch over through`);
  const credentials = await credentialsFor(ctx, cluster);
  const observed = await observeFailover(ctx, cluster, { operationId: run.op.id });
  if (observed.state === 'changed' || (observed.state === 'steady' && observed.primary.id !== from.id)) {
    // Done once the manager has re-pointed every other replica: a node changed or terminated next
    // while one still follows it would leave that replica behind.
    const topology = await failover.topology(cluster.failoverManager, credentials);
    const following = new Set(topology.replicas.filter((r) => !r.down).map((r) => `${r.host}:${r.port}`));
    const behind = (await ctx.repos.nodes.forCluster(cluster.id)).filter(
      (n) => n.id !== from.id && n.id !== observed.primary.id && !following.has(hostPort(n)),
    );
    if (!topology.failoverInProgress && behind.length === 0) return done;
    return again(run, `${failover.managerName} is still re-pointing ${behind.map((n) => n.name).join(', ') || 'the replicas'}`);
  }
  if (!progress.handoverRequested) {
    // The manager re-points only the replicas it knows (Sentinel finds them in the primary's INFO
    // every 10 s): a replica it has not found yet would be left following the old primary.
    const topology = await failover.topology(cluster.failoverManager, credentials);
    const known = new Set(topology.replicas.filter((r) => !r.down).map((r) => `${r.host}:${r.port}`));
    const unknown = (await ctx.repos.nodes.forCluster(cluster.id)).filter(
      (n) => n.id !== from.id && n.role !== 'primary' && !known.has(hostPort(n)),
    );
    if (unknown.length > 0)
      return again(run, `${failover.managerName} has not found ${unknown.map((n) => n.name).join(', ')} among the replicas yet`);
    try {
      await failover.requestSwitchover(cluster.failoverManager, credentials, to ? { host: to.host!, port: to.port! } : undefined);
    } catch (error) {
      // A manager refuses while a member it would promote is still starting or catching up, or
      // answers before it knows how its switchover ended (Patroni: 412, 503 "status unknown"):
      // the next round sees whether the role moved, or asks again, within the handover's rounds.
      return again(run, `${failover.managerName} did not take the switchover: ${(error as Error).message}`);
    }
    await run.save({ handoverRequested: true });
    return waitFor(500, `${failover.managerName} is switching ${from.name} over${to ? ` to ${to.name}` : ''}`);
  }
  return again(run, observed.state === 'waiting' ? observed.why : `${failover.managerName} still names ${from.name} primary`);
}

async function again(run: StepRun, reason: string): Promise<StepResult> {
  const rounds = ((run.checkpoint as Partial<HandoverProgress>).handoverRounds ?? 0) + 1;
  await run.save({ handoverRounds: rounds });
  if (rounds >= MAX_ROUNDS) throw new Error(`switchover did not complete: ${reason}`);
  return waitFor(1000, reason);
}
