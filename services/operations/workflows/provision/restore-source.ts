import type { StepRun } from '../../workflow';
import type { RestoreSource } from '../../../core/engine-port';
import { credentialsFor, endpointsOf } from '../cluster-credentials';

/**
 * A clone's primary is made from its backup. For a point in time, the source's log up to now is
 * archived first (while the source runs): the replay must find the writes before the target and a
 * commit after it. A source that is gone restores to what its archive already holds.
 */
export async function restoreSource(run: StepRun<'provision'>): Promise<RestoreSource | undefined> {
  const restore = run.op.params.restore;
  if (!restore) return undefined;
  const source = { clusterId: restore.sourceClusterId, label: restore.label, ...(restore.to ? { targetTime: restore.to } : {}) };
  if (!restore.to) return source;
  const { ctx } = run;
  const sourceCluster = await ctx.repos.clusters.find(restore.sourceClusterId);
  const engine = sourceCluster ? ctx.engines.get(sourceCluster.engine) : null;
  const primary = sourceCluster
    ? endpointsOf(await ctx.repos.nodes.forCluster(sourceCluster.id)).find((n) => n.role === 'primary')
    : undefined;
  if (sourceCluster && engine?.archiveNow && primary && sourceCluster.status !== 'DECOMMISSIONED') {
    const credentials = { username: engine.adminUsername, password: await ctx.repos.clusters.password(sourceCluster.id) };
    await engine.archiveNow(primary, credentials);
  }
  return source;
}

/**
 * Whether a restored primary has finished replaying and leads. A replica copied from it before then
 * would copy a server about to change timeline (PostgreSQL's promotion at the restore target).
 */
export async function restoredPrimaryLeads(run: StepRun<'provision'>, primary: { host: string; port: number }): Promise<boolean> {
  const { ctx, cluster } = run;
  const node = endpointsOf(await ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.host === primary.host && n.port === primary.port);
  if (!node) return false;
  const probe = await ctx.engines.get(cluster.engine).probe(node, await credentialsFor(ctx, cluster));
  return probe.up && probe.role !== 'replica';
}
