import type { StepRun, StepResult } from '../../workflow';
import { done, waitFor } from '../../workflow';
import type { ClusterNode, NodeRole } from '../../../core/types';
import { isSimulated, requireCapabilities } from '../../../providers/capabilities';
import { credentialsFor } from '../cluster-credentials';
import { followPrimary, pauseWritesUntilCaughtUp, promoteToPrimary, replicationState, resumeWrites } from '../../../engines/redis/promotion';
import { recordSwitchover } from './node-roles';
import { replaceNodeCheckpoints } from './checkpoints';

const MAX_ROUNDS = 120;
const endpoint = (n: ClusterNode) => ({ name: n.name, host: n.host ?? '', port: n.port ?? 0, role: n.role as NodeRole });

/**
 * Makes the new node the primary in place of the old one. Simulated: the data was copied in
 * sync-data, so only the roles change. Local Redis, each part idempotent and recorded in the
 * checkpoint so a worker killed anywhere resumes where it was: (1) pause writes on the old primary
 * until the new node has the whole stream, then REPLICAOF NO ONE on it (kept in its redis.conf);
 * (2) record the roles; (3) every other node of the region, the old primary included, follows the
 * new one; done once the replicas' links are up.
 */
export async function switchOver(run: StepRun<'replace_node'>, old: ClusterNode, fresh: ClusterNode): Promise<StepResult> {
  const { ctx, cluster } = run;
  const provider = ctx.providers.forRegion(fresh.region);
  requireCapabilities(provider, ['switchesOver'], `switch ${old.name} over to ${fresh.name}`);
  if (isSimulated(provider)) {
    // No server to promote: the provider copied the data when it made the node, only roles change.
    await provider.followPrimary(fresh.providerId!, null);
    if (old.providerId) await provider.followPrimary(old.providerId, { host: fresh.host ?? '', port: fresh.port ?? 0 }).catch(() => undefined); // gone already: terminated next anyway
    await recordSwitchover(ctx.pool, fresh.id, old.id);
    return done;
  }
  const credentials = await credentialsFor(ctx, cluster);
  const progress = replaceNodeCheckpoints.own(run, 'switch-over');
  if (!progress.promoted) {
    if ((await replicationState(endpoint(fresh), credentials)).role !== 'master') {
      if (!(await pauseWritesUntilCaughtUp(endpoint(old), endpoint(fresh), credentials))) return again(run, `${fresh.name} has not caught up with ${old.name} yet`);
      await promoteToPrimary(endpoint(fresh), credentials);
    }
    await provider.followPrimary(fresh.providerId!, null);
    await replaceNodeCheckpoints.save(run, 'switch-over', { promoted: true });
  }
  if (!progress.rolesRecorded) {
    await recordSwitchover(ctx.pool, fresh.id, old.id);
    await replaceNodeCheckpoints.save(run, 'switch-over', { rolesRecorded: true });
  }
  const followers = (await ctx.repos.nodes.forCluster(cluster.id)).filter((n) => n.region === fresh.region && n.id !== fresh.id);
  const lagging: string[] = [];
  for (const node of followers) {
    try {
      await followPrimary(endpoint(node), endpoint(fresh), credentials);
      await provider.followPrimary(node.providerId!, { host: fresh.host!, port: fresh.port! });
    } catch (error) {
      if (node.id === old.id) continue; // gone already: it is terminated next in any case
      throw error;
    }
    if (node.id !== old.id && !(await replicationState(endpoint(node), credentials)).linkUp) lagging.push(node.name);
  }
  // Its writers get READONLY now instead of waiting out the pause; it is terminated next.
  await resumeWrites(endpoint(old), credentials).catch(() => undefined);
  return lagging.length > 0 ? again(run, `${lagging.join(', ')} still syncing from ${fresh.name}`) : done;
}

async function again(run: StepRun<'replace_node'>, reason: string): Promise<StepResult> {
  const rounds = (replaceNodeCheckpoints.own(run, 'switch-over').switchRounds ?? 0) + 1;
  await replaceNodeCheckpoints.save(run, 'switch-over', { switchRounds: rounds });
  if (rounds >= MAX_ROUNDS) throw new Error(`switchover did not complete: ${reason}`);
  return waitFor(1000, reason);
}
