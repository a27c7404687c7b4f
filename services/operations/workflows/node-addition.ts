import type { StepRun, StepResult } from '../workflow';
import { done, waitFor } from '../workflow';
import type { ClusterNode, NodeRole } from '../../core/types';
import { credentialsFor } from './cluster-credentials';
import { recordNode } from './node-sync';
import { nodeIsSimulated } from './cluster-provider';
import { synchronousStandbyMissing } from './synchronous-standby';

/** Simulated data copy rate between nodes (a cloud volume streaming from its peers), to a new node or off a leaving one. */
export const SIMULATED_COPY_MB_PER_S = 200;
const MAX_SYNC_ROUNDS = 600;

/** The sync-data step's checkpoint, in scale and replace-node alike. */
interface SyncProgress {
  syncRounds: number;
}

/** A name not used before in the cluster, so a retried step finds its node by name instead of making two. */
export function nextNodeName(clusterName: string, region: string, usedNames: readonly string[]): string {
  const prefix = `${clusterName}-${region}-`;
  const used = usedNames
    .filter((n) => n.startsWith(prefix))
    .map((n) => Number(n.slice(prefix.length)))
    .filter(Number.isInteger);
  return `${prefix}${Math.max(-1, ...used) + 1}`;
}

/** Creates (or finds again, by name) one node of the cluster in a region, a replica following the region's primary. */
export async function addNode(
  run: StepRun,
  planned: { name: string; region: string; zone: string; role: NodeRole; version: string; instanceType: string },
): Promise<ClusterNode> {
  const { ctx, cluster } = run;
  const live = await ctx.repos.nodes.forCluster(cluster.id);
  const primary = planned.role === 'replica' ? live.find((n) => n.region === planned.region && n.role === 'primary') : undefined;
  const created = await ctx.providers.forRegion(planned.region).createNode({
    ...planned,
    clusterId: cluster.id,
    clusterName: cluster.name,
    engine: cluster.engine,
    password: await ctx.repos.clusters.password(cluster.id),
    settings: cluster.spec.settings,
    dataGb: cluster.expectedDataGb / Math.max(1, cluster.spec.nodesPerRegion),
    ...(primary?.host && primary.port ? { primary: { host: primary.host, port: primary.port } } : {}),
  });
  return recordNode(ctx, cluster, planned.role, created);
}

/**
 * Waits (delayed jobs, not a sleeping worker) until a new node holds the data: running and, for a
 * real replica, its replication link up (Redis) or streaming (PostgreSQL answers in recovery); for a
 * simulated node, until its data could have been copied at the simulated rate. A cluster that
 * asked for synchronous replication waits, too, until its HA manager names a synchronous standby.
 */
export async function waitUntilSynced(run: StepRun, nodeName: string): Promise<StepResult> {
  const { ctx, cluster } = run;
  const node = (await ctx.repos.nodes.forCluster(cluster.id)).find((n) => n.name === nodeName);
  if (!node?.providerId) throw new Error(`new node ${nodeName} is not recorded`);
  const seen = await ctx.providers.forRegion(node.region).describeNode(node.providerId);
  if (seen && seen.state !== node.state) await recordNode(ctx, cluster, node.role, seen);
  if (seen?.state === 'failed') throw new Error(`new node ${nodeName} failed to start`);
  let synced = seen?.state === 'running';
  let detail = `node is ${seen?.state ?? 'missing'}`;
  if (synced && nodeIsSimulated(ctx, node)) {
    const copySeconds = (cluster.expectedDataGb * 1024) / Math.max(1, cluster.spec.nodesPerRegion) / SIMULATED_COPY_MB_PER_S;
    const copiedAt = seen!.launchedAt.getTime() + (copySeconds * 1000) / ctx.config.simulatorTimeScale;
    synced = Date.now() >= copiedAt;
    detail = `copying ${Math.round(copySeconds)} simulated seconds of data`;
  } else if (synced && node.host && node.port) {
    const probe = await ctx.engines
      .get(cluster.engine)
      .probe({ name: node.name, host: node.host, port: node.port, role: node.role }, await credentialsFor(ctx, cluster));
    const link = probe.details.master_link_status;
    synced = probe.up && (node.role !== 'replica' || link === undefined || link === 'up');
    detail = probe.up ? `replication link ${String(link ?? 'n/a')}` : (probe.error ?? 'not answering');
  }
  if (synced) {
    // Under synchronous replication the cluster is whole again only once a standby is named (after
    // a failover, the new primary names one of the replicas that follow it).
    const missing = await synchronousStandbyMissing(ctx, cluster);
    if (!missing) return done;
    detail = missing;
  }
  const { syncRounds } = run.checkpoint as Partial<SyncProgress>;
  const rounds = (syncRounds ?? 0) + 1;
  await run.save({ syncRounds: rounds });
  if (rounds >= MAX_SYNC_ROUNDS) throw new Error(`new node ${nodeName} did not catch up: ${detail}`);
  return waitFor(1000, `waiting for ${nodeName}: ${detail}`);
}
