import type { StepRun } from '../workflow';
import { credentialsFor, endpointsOf } from './cluster-credentials';
import { clusterIsSimulated } from './cluster-provider';

/**
 * Whether a cluster's restored nodes lead, logged in with the cluster's own credential. A replica
 * copied from a primary still replaying would copy a server about to change timeline (PostgreSQL's
 * promotion at the restore target), and it copies with the cluster's credential. The restored data
 * of an engine that keeps its logins in the data (PostgreSQL) still holds the backup's admin
 * password: once the node leads, it logs in with that once and sets the cluster's (idempotent: a
 * repeat finds the cluster's working). Simulated nodes have nothing to log in to.
 */
export async function restoredNodesReady(
  run: StepRun,
  backup: { backupId: string; sourceClusterId: string },
  restored: ReadonlyArray<{ host: string; port: number }>,
): Promise<boolean> {
  const { ctx, cluster } = run;
  if (clusterIsSimulated(ctx, cluster)) return true;
  const engine = ctx.engines.get(cluster.engine);
  const mine = await credentialsFor(ctx, cluster);
  const nodes = endpointsOf(await ctx.repos.nodes.forCluster(cluster.id)).filter((n) =>
    restored.some((r) => r.host === n.host && r.port === n.port),
  );
  if (nodes.length < restored.length) return false;
  for (const node of nodes) {
    const probe = await engine.probe(node, mine);
    if (probe.up) {
      if (probe.role === 'replica') return false;
      continue;
    }
    if (!engine.adminRotation) return false;
    const inherited = await inheritedLogin(run, backup);
    const asBackup = await engine.probe(node, { username: mine.username, password: inherited });
    if (!asBackup.up || asBackup.role === 'replica') return false;
    await engine.adminRotation.introduce([node], mine.username, inherited, mine.password);
    run.log.info({ node: node.name }, "the restored node's admin password replaced by the cluster's own");
  }
  return true;
}

/** The admin password the backup's data holds; for a backup recorded before it was kept, its cluster's current one. */
async function inheritedLogin(run: StepRun, backup: { backupId: string; sourceClusterId: string }): Promise<string> {
  return (await run.ctx.repos.backups.login(backup.backupId)) ?? run.ctx.repos.clusters.password(backup.sourceClusterId);
}
