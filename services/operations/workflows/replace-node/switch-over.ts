import type { StepRun, StepResult } from '../../workflow';
import { done, waitFor } from '../../workflow';
import type { ClusterNode, NodeRole } from '../../../core/types';
import { isSimulated, requireCapabilities } from '../../../providers/capabilities';
import { credentialsFor } from '../cluster-credentials';
import { replaceNodeCheckpoints } from './checkpoints';

const MAX_ROUNDS = 120;
const endpoint = (n: ClusterNode) => ({ name: n.name, host: n.host ?? '', port: n.port ?? 0, role: n.role as NodeRole });

/**
 * Makes the new node the primary in place of the old one. Simulated: the data was copied in
 * sync-data, so only the roles change. Real nodes, through the engine adapter's switchover
 * (primary-check refuses engines without one), each part idempotent and recorded in the checkpoint
 * so a worker killed anywhere resumes where it was: (1) hold writes on the old primary until the new
 * node has all of them, then promote it (kept in its configuration by the local provider);
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
    if (old.providerId)
      await provider.followPrimary(old.providerId, { host: fresh.host ?? '', port: fresh.port ?? 0 }).catch(() => undefined); // gone already: terminated next anyway
    await ctx.repos.nodes.recordSwitchover(fresh.id, old.id);
    return done;
  }
  const switchover = ctx.engines.get(cluster.engine).switchover;
  if (!switchover) throw new Error(`${cluster.engine} has no automated switchover`);
  const credentials = await credentialsFor(ctx, cluster);
  const progress = replaceNodeCheckpoints.own(run, 'switch-over');
  if (!progress.promoted) {
    if (!(await switchover.isPrimary(endpoint(fresh), credentials))) {
      if (!(await switchover.catchUp(endpoint(old), endpoint(fresh), credentials)))
        return again(run, `${fresh.name} has not caught up with ${old.name} yet`);
      await switchover.promote(endpoint(fresh), credentials);
    }
    await provider.followPrimary(fresh.providerId!, null);
    await replaceNodeCheckpoints.save(run, 'switch-over', { promoted: true });
  }
  if (!progress.rolesRecorded) {
    await ctx.repos.nodes.recordSwitchover(fresh.id, old.id);
    await replaceNodeCheckpoints.save(run, 'switch-over', { rolesRecorded: true });
  }
  const followers = (await ctx.repos.nodes.forCluster(cluster.id)).filter((n) => n.region === fresh.region && n.id !== fresh.id);
  const lagging: string[] = [];
  for (const node of followers) {
    try {
      await switchover.follow(endpoint(node), endpoint(fresh), credentials);
      await provider.followPrimary(node.providerId!, { host: fresh.host!, port: fresh.port! });
    } catch (error) {
      if (node.id === old.id) continue; // gone already: it is terminated next in any case
      throw error;
    }
    if (node.id !== old.id && !(await switchover.following(endpoint(node), credentials))) lagging.push(node.name);
  }
  // Its writers get READONLY now instead of waiting out the pause; it is terminated next.
  await switchover.release(endpoint(old), credentials).catch(() => undefined);
  return lagging.length > 0 ? again(run, `${lagging.join(', ')} still syncing from ${fresh.name}`) : done;
}

async function again(run: StepRun<'replace_node'>, reason: string): Promise<StepResult> {
  const rounds = (replaceNodeCheckpoints.own(run, 'switch-over').switchRounds ?? 0) + 1;
  await replaceNodeCheckpoints.save(run, 'switch-over', { switchRounds: rounds });
  if (rounds >= MAX_ROUNDS) throw new Error(`switchover did not complete: ${reason}`);
  return waitFor(1000, reason);
}
