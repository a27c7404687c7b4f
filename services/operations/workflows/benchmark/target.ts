import type { WorkflowDeps } from '../../workflow-deps';
import type { ClusterRecord } from '../../../fleet/cluster-record';
import type { ClusterNode } from '../../../core/types';
import { observerOf } from '../../../providers/capabilities';
import type { NodeObserver, ObservedNode } from '../../../providers/observed-node';
import type { SimulatedTargetNode, WorkloadTarget } from '../../../workload/target';
import { credentialsFor } from '../cluster-credentials';
import { clusterIsSimulated } from '../cluster-provider';

/**
 * The simulator's current view of a cluster's nodes: each one's state and the p99 it gives a
 * benchmark's own load (its version's speed and failures, not the production traffic of the hour), read once per provider for the whole cluster rather than once per node. A node the
 * simulator no longer has reads as terminated.
 */
async function simulatedViews(ctx: WorkflowDeps, cluster: ClusterRecord, nodes: ClusterNode[]): Promise<SimulatedTargetNode[]> {
  const observed = new Map<NodeObserver, Promise<Map<string, ObservedNode>>>();
  const observe = (observer: NodeObserver) => {
    let seen = observed.get(observer);
    if (!seen) observed.set(observer, (seen = observer.observeCluster(cluster.id).catch(() => new Map<string, ObservedNode>())));
    return seen;
  };
  return Promise.all(
    nodes.map(async (node): Promise<SimulatedTargetNode> => {
      const base = { name: node.name, role: node.role, version: node.softwareVersion };
      const observer = observerOf(ctx.providers.forRegion(node.region));
      if (!observer || !node.providerId) return { ...base, state: node.state, p99LatencyMs: 0 };
      const metrics = (await observe(observer)).get(node.providerId)?.metrics;
      return metrics
        ? { ...base, state: metrics.state, p99LatencyMs: metrics.benchmarkP99Ms }
        : { ...base, state: 'terminated', p99LatencyMs: 0 };
    }),
  );
}

/**
 * Whether a workload on this cluster can send every read to one chosen node (`readsFrom`): the
 * simulated driver can, and the real drivers of engines whose every replica holds every key.
 */
export const readsFromOneNode = (ctx: WorkflowDeps, cluster: ClusterRecord): boolean =>
  clusterIsSimulated(ctx, cluster) || ctx.engines.get(cluster.engine).workloadReadsFromOneNode === true;

/**
 * What a workload runs against: a simulated cluster's nodes as the simulator sees them now, or a
 * real cluster's addressed nodes with the control plane's login. Read fresh for every workload,
 * so a node replaced between two workloads is picked up. `readsFrom` sends every read to one node
 * (an upgrade's canary or its baseline): simulated clusters, and real ones whose engine's driver can
 * (`workloadReadsFromOneNode`).
 */
export async function workloadTargetFor(ctx: WorkflowDeps, cluster: ClusterRecord, readsFrom?: string): Promise<WorkloadTarget> {
  const nodes = await ctx.repos.nodes.forCluster(cluster.id);
  if (nodes.length === 0) throw new Error(`cluster ${cluster.name} has no nodes to benchmark`);
  if (clusterIsSimulated(ctx, cluster)) {
    return {
      kind: 'simulated',
      engine: cluster.engine,
      seed: ctx.config.simulatorSeed,
      timeScale: ctx.config.simulatorTimeScale,
      nodes: await simulatedViews(ctx, cluster, nodes),
      ...(readsFrom === undefined ? {} : { readsFrom }),
    };
  }
  if (readsFrom !== undefined && !readsFromOneNode(ctx, cluster))
    throw new Error(`the ${cluster.engine} workload driver cannot send every read to one node (${readsFrom})`);
  const reachable = nodes.filter((n) => n.host !== null && n.port !== null);
  if (reachable.length === 0) throw new Error(`cluster ${cluster.name} has no node with an address`);
  if (readsFrom !== undefined && !reachable.some((n) => n.name === readsFrom))
    throw new Error(`node ${readsFrom} of cluster ${cluster.name} has no address to read from`);
  return {
    kind: 'real',
    engine: cluster.engine,
    credentials: await credentialsFor(ctx, cluster),
    nodes: reachable.map((n) => ({ name: n.name, host: n.host!, port: n.port!, role: n.role, version: n.softwareVersion })),
    ...(readsFrom === undefined ? {} : { readsFrom }),
  };
}
