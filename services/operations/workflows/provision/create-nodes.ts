import type { StepRun, StepResult } from '../../workflow';
import { done, waitFor } from '../../workflow';
import type { PlannedNode } from '../node-plan';
import { planNodes } from '../node-plan';
import { recordNode } from '../node-sync';
import { provisionCheckpoints as checkpoints } from './checkpoints';
import { restoredPrimaryLeads, restoreSource } from './restore-source';

/**
 * Creates the planned nodes one by one, primaries before the replicas that follow them. Each
 * created node is checkpointed; a retry asks the provider again for any not yet recorded, and the
 * provider's idempotency by node name means a node is never created twice.
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
    if (primary && run.op.params.restore && !(await restoredPrimaryLeads(run, primary)))
      return waitFor(1000, 'the restored primary is still replaying its backup; its replicas copy it once it leads');
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
  return done;
}

async function primaryEndpoint(run: StepRun, plan: PlannedNode[], node: PlannedNode): Promise<{ host: string; port: number } | undefined> {
  if (node.role !== 'replica') return undefined;
  const primary = plan.find((p) => p.region === node.region && p.role === 'primary');
  if (!primary) return undefined;
  const recorded = (await run.ctx.repos.nodes.forCluster(run.cluster.id)).find((n) => n.name === primary.name);
  if (!recorded?.host || !recorded.port) throw new Error(`primary ${primary.name} has no endpoint yet`);
  return { host: recorded.host, port: recorded.port };
}
