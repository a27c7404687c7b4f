import type { StepRun, StepResult } from '../../workflow';
import { done, waitFor } from '../../workflow';
import type { ClusterNode } from '../../../core/types';
import type { NodeChange, ProviderNode } from '../../../providers/provider';
import { recordNode } from '../node-sync';
import { credentialsFor } from '../cluster-credentials';
import { nodeIsSimulated } from '../cluster-provider';
import { handOverPrimary, handsOverThroughManager, type HandoverProgress } from '../primary-handover';

const MAX_HEALTH_ROUNDS = 120;

/** Each node's progress through a rolling change: a forward roll and its undo record the same, in their own step's checkpoint. */
export interface RollingProgress extends HandoverProgress {
  finished: string[];
  changing: string | null;
  requested: boolean;
  healthRounds: number;
}

/** What a node's change does besides the provider's (an engine's live apply); must be idempotent. */
export type AfterChange = (node: ClusterNode, changed: ProviderNode) => Promise<void>;

/** Replicas and members before the primary, so writes move last and the primary changes once. */
export function rollingOrder(nodes: ClusterNode[]): ClusterNode[] {
  return [...nodes].sort((a, b) => Number(a.role === 'primary') - Number(b.role === 'primary') || a.name.localeCompare(b.name));
}

/**
 * The order an undo rolls in: the replicas in the reverse of their change, the primary still last.
 * A primary first would hand its role to a replica not undone yet, which would then lead the
 * roll as the next primary to hand over.
 */
export function undoOrder(nodes: ClusterNode[]): ClusterNode[] {
  const ordered = rollingOrder(nodes);
  return [...ordered.filter((n) => n.role !== 'primary').reverse(), ...ordered.filter((n) => n.role === 'primary')];
}

/** Whether a node serves: a simulated one runs; a real one answers its probe and, as a replica, follows its primary. */
export async function answers(run: StepRun, node: ClusterNode): Promise<{ ok: boolean; detail: string }> {
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
 * Changes the nodes one at a time and waits for each to serve again before the next; a primary
 * whose cluster has an HA manager is switched over to a replica before its change. The
 * checkpoint lists the nodes finished; the provider's change is a no-op on a node that already has
 * it, so a worker killed at any point resumes without changing a node twice or skipping one. Any
 * operation type rolls its nodes this way from one of its steps (upgrades, settings); `afterChange`
 * runs once the provider has made a node's change, before its health is watched.
 */
export async function rollNodes(
  run: StepRun,
  changeFor: (node: ClusterNode) => NodeChange | null,
  order: (nodes: ClusterNode[]) => ClusterNode[],
  afterChange?: AfterChange,
  /** What changing a node means, when not the provider's changeNode (a rolling restart restarts it). */
  act?: (node: ClusterNode) => Promise<ProviderNode>,
): Promise<StepResult> {
  // The cast of this seam: the running step's checkpoint is what this function saved.
  const progress = run.checkpoint as Partial<RollingProgress>;
  const save = (patch: Partial<RollingProgress>) => run.save(patch as Record<string, unknown>);
  const finished = new Set(progress.finished ?? []);
  for (const node of order(await run.ctx.repos.nodes.forCluster(run.cluster.id))) {
    if (finished.has(node.name)) continue;
    const change = changeFor(node);
    if (change && (Object.keys(change).length > 0 || act)) {
      // The change is asked for once per node (again only if a crash may have lost the request);
      // later rounds only watch the node come back.
      if (progress.changing !== node.name || !progress.requested) {
        // A primary with an HA manager hands its role to a replica first (the replicas are
        // changed already), so writes pause for a switchover instead of a restart. Once handed
        // over it is a replica; the next round changes it as one. A live change restarts nothing:
        // the primary keeps its role. A simulated primary is changed in place: each simulated node
        // has a speed of its own (up to 4x apart), so an upgrade's before/after measured across a
        // handover would compare two nodes, not two versions.
        if (node.role === 'primary' && !change.live && handsOverThroughManager(run, node)) {
          const handover = await handOverPrimary(run, node, null);
          return handover.status === 'wait' ? handover : waitFor(0, `${node.name} handed the primary role over; it is changed next`);
        }
        await save({ changing: node.name, requested: false, healthRounds: 0, handoverRequested: false, handoverRounds: 0 });
        const changed = act ? await act(node) : await run.ctx.providers.forRegion(node.region).changeNode(node.providerId!, change);
        await recordNode(run.ctx, run.cluster, node.role, changed);
        if (afterChange) await afterChange(node, changed);
        await save({ requested: true });
      }
      const seen = await run.ctx.providers.forRegion(node.region).describeNode(node.providerId!);
      if (seen) await recordNode(run.ctx, run.cluster, node.role, seen);
      const health = seen
        ? await answers(run, { ...node, host: seen.host, port: seen.port })
        : { ok: false, detail: 'node missing at its provider' };
      if (!health.ok) {
        const rounds = (progress.healthRounds ?? 0) + 1;
        await save({ healthRounds: rounds });
        if (rounds >= MAX_HEALTH_ROUNDS) throw new Error(`${node.name} did not serve again after its change: ${health.detail}`);
        return waitFor(1000, `waiting for ${node.name} to serve again: ${health.detail}`);
      }
    }
    finished.add(node.name);
    await save({ finished: [...finished], changing: null, requested: false });
    run.log.info({ node: node.name, change }, 'node changed');
  }
  return done;
}
