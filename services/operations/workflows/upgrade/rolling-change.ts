import { upgradeCheckpoints as checkpoints } from './checkpoints';
import type { StepRun, StepResult } from '../../workflow';
import { done, waitFor } from '../../workflow';
import type { ClusterNode } from '../../../core/types';
import type { NodeChange } from '../../../providers/provider';
import { recordNode } from '../node-sync';
import { credentialsFor } from '../cluster-credentials';
import { nodeIsSimulated } from '../cluster-provider';

const MAX_HEALTH_ROUNDS = 120;

/** Replicas and members before the primary, so writes move last and the primary changes once. */
export function rollingOrder(nodes: ClusterNode[]): ClusterNode[] {
  return [...nodes].sort((a, b) => Number(a.role === 'primary') - Number(b.role === 'primary') || a.name.localeCompare(b.name));
}

async function answers(run: StepRun, node: ClusterNode): Promise<{ ok: boolean; detail: string }> {
  if (nodeIsSimulated(run.ctx, node)) {
    const seen = await run.ctx.providers.forRegion(node.region).describeNode(node.providerId!);
    return { ok: seen?.state === 'running', detail: `simulated node is ${seen?.state ?? 'missing'}` };
  }
  const probe = await run.ctx.engines
    .get(run.cluster.engine)
    .probe({ name: node.name, host: node.host!, port: node.port!, role: node.role }, await credentialsFor(run.ctx, run.cluster));
  const link = probe.details.master_link_status;
  const ok = probe.up && (node.role !== 'replica' || link === undefined || link === 'up');
  return { ok, detail: probe.up ? `replication link ${String(link ?? 'n/a')}` : (probe.error ?? 'not answering') };
}

/**
 * Changes the nodes one at a time and waits for each to serve again before the next. The
 * checkpoint lists the nodes finished; the provider's change is a no-op on a node that already has
 * it, so a worker killed at any point resumes without changing a node twice or skipping one.
 */
export async function rollNodes(
  run: StepRun<'upgrade'>,
  step: 'roll-nodes' | 'rollback',
  changeFor: (node: ClusterNode) => NodeChange | null,
  order: (nodes: ClusterNode[]) => ClusterNode[],
): Promise<StepResult> {
  const progress = checkpoints.own(run, step);
  const finished = new Set(progress.finished ?? []);
  for (const node of order(await run.ctx.repos.nodes.forCluster(run.cluster.id))) {
    if (finished.has(node.name)) continue;
    const change = changeFor(node);
    if (change && Object.keys(change).length > 0) {
      // The change is asked for once per node (again only if a crash may have lost the request);
      // later rounds only watch the node come back.
      if (progress.changing !== node.name || !progress.requested) {
        await checkpoints.save(run, step, { changing: node.name, requested: false, healthRounds: 0 });
        const changed = await run.ctx.providers.forRegion(node.region).changeNode(node.providerId!, change);
        await recordNode(run.ctx, run.cluster, node.role, changed);
        await checkpoints.save(run, step, { requested: true });
      }
      const seen = await run.ctx.providers.forRegion(node.region).describeNode(node.providerId!);
      if (seen) await recordNode(run.ctx, run.cluster, node.role, seen);
      const health = seen
        ? await answers(run, { ...node, host: seen.host, port: seen.port })
        : { ok: false, detail: 'node missing at its provider' };
      if (!health.ok) {
        const rounds = (progress.healthRounds ?? 0) + 1;
        await checkpoints.save(run, step, { healthRounds: rounds });
        if (rounds >= MAX_HEALTH_ROUNDS) throw new Error(`${node.name} did not serve again after its change: ${health.detail}`);
        return waitFor(1000, `waiting for ${node.name} to serve again: ${health.detail}`);
      }
    }
    finished.add(node.name);
    await checkpoints.save(run, step, { finished: [...finished], changing: null, requested: false });
    run.log.info({ node: node.name, change }, 'node changed');
  }
  return done;
}
