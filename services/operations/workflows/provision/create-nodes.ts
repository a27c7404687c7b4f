import type { StepRun, StepResult } from '../../workflow';
import { done, waitFor } from '../../workflow';
import type { PlannedNode } from '../node-plan';
import { planNodes } from '../node-plan';
import { recordNode } from '../node-sync';
import { provisionCheckpoints as checkpoints } from './checkpoints';
import { restoreSource } from './restore-source';
import { restoredNodesReady } from '../restored-login';

/**
 * Creates the planned nodes one by one, primaries before the replicas that follow them. Each
 * created node is checkpointed; a retry asks the provider again for any not yet recorded, and the
 * provider's idempotency by node name means a node is never created twice. A clone's step ends
 * once its restored nodes lead with the clone's own credential.
 */
export async function createNodes(run: StepRun<'provision'>): Promise<StepResult> {
  const { ctx, cluster } = run;
  const plan = planNodes(ctx, cluster);
  const created = new Set(checkpoints.own(run, 'create-nodes').created ?? []);
  const password = await ctx.repos.clusters.password(cluster.id);
  for (const planned of plan) {
    if (created.has(planned.name)) continue;
    const provider = ctx.providers.forRegion(planned.region);
    const restoreFrom = planned.role === 'replica' ? undefined : await restoreSource(run);
    const primary = await primaryEndpoint(run, plan, planned);
    if (primary && !(await restoredReady(run, [primary])))
      return waitForRestore(run, 'the restored primary is still replaying its backup; its replicas copy it once it leads');
    const node = await provider.createNode({
      name: planned.name,
      clusterId: cluster.id,
      clusterName: cluster.name,
      engine: cluster.engine,
      version: cluster.spec.version,
      instanceType: cluster.spec.instanceType,
      region: planned.region,
      zone: planned.zone,
      role: planned.role,
      primary,
      password,
      settings: cluster.spec.settings,
      dataGb: cluster.expectedDataGb / Math.max(1, cluster.spec.nodesPerRegion),
      ...(restoreFrom ? { restoreFrom } : {}),
    });
    await recordNode(ctx, cluster, planned.role, node);
    created.add(planned.name);
    await checkpoints.save(run, 'create-nodes', { created: [...created] });
    run.log.info({ node: planned.name, state: node.state }, 'node created');
  }
  if (!(await restoredReady(run, await restoredEndpoints(run, plan))))
    return waitForRestore(run, 'the restored nodes are still loading their backup');
  return done;
}

/** True for a provision that makes no clone. */
async function restoredReady(run: StepRun<'provision'>, nodes: Array<{ host: string; port: number }>): Promise<boolean> {
  const restore = run.op.params.restore;
  return !restore || restoredNodesReady(run as unknown as StepRun, restore, nodes);
}

/** A restored node that neither leads nor takes a login within ten minutes fails the clone. */
const MAX_RESTORE_WAITS = 600;

async function waitForRestore(run: StepRun<'provision'>, why: string): Promise<StepResult> {
  const waits = (checkpoints.own(run, 'create-nodes').restoreWaits ?? 0) + 1;
  await checkpoints.save(run, 'create-nodes', { restoreWaits: waits });
  if (waits >= MAX_RESTORE_WAITS) throw new Error(`${why}: still so after ${MAX_RESTORE_WAITS} seconds`);
  return waitFor(1000, why);
}

/** Where the nodes made from the backup (every node but a replica) listen. */
async function restoredEndpoints(run: StepRun, plan: PlannedNode[]): Promise<Array<{ host: string; port: number }>> {
  const names = new Set(plan.filter((p) => p.role !== 'replica').map((p) => p.name));
  return (await run.ctx.repos.nodes.forCluster(run.cluster.id))
    .filter((n) => names.has(n.name) && n.host && n.port)
    .map((n) => ({ host: n.host!, port: n.port! }));
}

async function primaryEndpoint(run: StepRun, plan: PlannedNode[], node: PlannedNode): Promise<{ host: string; port: number } | undefined> {
  if (node.role !== 'replica') return undefined;
  const primary = plan.find((p) => p.region === node.region && p.role === 'primary');
  if (!primary) return undefined;
  const recorded = (await run.ctx.repos.nodes.forCluster(run.cluster.id)).find((n) => n.name === primary.name);
  if (!recorded?.host || !recorded.port) throw new Error(`primary ${primary.name} has no endpoint yet`);
  return { host: recorded.host, port: recorded.port };
}
