import type { MaintenanceDeps } from './maintenance-deps';
import type { ClusterRecord } from '../fleet/cluster-record';
import type { Provider } from '../providers/provider';
import { EventCursors } from './sql/event-cursors';
import { MaintenanceNodeQueries, type CandidateNode } from './sql/node-queries';
import type { ReplacementScheduler, ReplacementRequest, ScheduledReplacement } from './replacement-scheduler';
import { DAY_MS } from '../core/clock';
import { missingCapability } from '../operations/required-capabilities';

/** Events are re-read this far back on every scan: one committed late is still seen, and reading twice plans nothing twice. */
const EVENT_OVERLAP_MS = 60_000;
/** At most this many old nodes are planned per scan, so lowering the age limit cannot flood the queue at once. */
const AGE_BATCH = 200;

export interface ScanResult {
  scheduled: ScheduledReplacement[];
  eventsRead: number;
  oldNodesFound: number;
}

/**
 * One maintenance pass over the fleet: each provider's retirement notices since its stored cursor,
 * then live nodes older than maxNodeAgeDays. Each node found becomes one planned replacement
 * (ReplacementScheduler); running the scan again, or twice at once, plans nothing twice.
 */
export class MaintenanceScan {
  private readonly cursors: EventCursors;
  private readonly nodes: MaintenanceNodeQueries;
  private readonly clusters = new Map<string, ClusterRecord | null>();

  constructor(
    private readonly ctx: MaintenanceDeps,
    private readonly scheduler: ReplacementScheduler,
  ) {
    this.cursors = new EventCursors(ctx.pool);
    this.nodes = new MaintenanceNodeQueries(ctx.pool);
  }

  async run(): Promise<ScanResult> {
    const result: ScanResult = { scheduled: [], eventsRead: 0, oldNodesFound: 0 };
    for (const provider of this.ctx.providers.all()) {
      if (provider.capabilities.has('reportsEvents')) await this.readRetirements(provider, result);
    }
    const cutoff = new Date(this.ctx.clock.now().getTime() - this.ctx.config.maxNodeAgeDays * DAY_MS);
    const old = await this.nodes.olderThan(cutoff, AGE_BATCH);
    result.oldNodesFound = old.length;
    for (const node of old) {
      const ageDays = (this.ctx.clock.now().getTime() - node.launchedAt.getTime()) / DAY_MS;
      await this.plan(result, node, {
        reason: 'age',
        deadline: null,
        detail: `the node is ${formatDays(ageDays)} days old (limit ${this.ctx.config.maxNodeAgeDays})`,
      });
    }
    return result;
  }

  private async readRetirements(provider: Provider, result: ScanResult): Promise<void> {
    const readStart = this.ctx.clock.now();
    const since = (await this.cursors.readUntil(provider.kind)) ?? new Date(0);
    const events = (await provider.events(since)).filter((e) => e.type === 'retirement_scheduled');
    result.eventsRead += events.length;
    // Of several notices for one node, the latest stands (a new notice replaces the old).
    const latest = new Map(events.map((e) => [e.providerId, e]));
    const known = await this.nodes.byProviderIds(provider.kind, [...latest.keys()]);
    let unplanned = 0;
    for (const [providerId, event] of latest) {
      const node = known.get(providerId);
      if (!node) continue; // a node we never recorded, or one already gone
      const planned = await this.plan(result, node, { reason: 'retirement', deadline: event.deadline ?? null, detail: event.detail });
      if (!planned) unplanned += 1;
    }
    // Advanced only once every notice read was planned: a scan that failed or died reads them again.
    if (unplanned === 0)
      await this.cursors.advance(provider.kind, new Date(Math.max(since.getTime(), readStart.getTime() - EVENT_OVERLAP_MS)));
  }

  /** False when planning failed; one node that cannot be planned must not stop the fleet's scan. */
  private async plan(result: ScanResult, node: CandidateNode, why: Omit<ReplacementRequest, 'cluster' | 'node'>): Promise<boolean> {
    const cluster = await this.cluster(node.clusterId);
    if (!cluster) return true;
    // A node its provider cannot replace (a server that runs elsewhere) is not ours to plan for.
    if (missingCapability(this.ctx, cluster, 'replace_node', {})) return true;
    try {
      const scheduled = await this.scheduler.schedule({ cluster, node, ...why });
      if (scheduled) result.scheduled.push(scheduled);
      return true;
    } catch (error) {
      this.ctx.logger.warn({ err: error, node: node.nodeName }, 'could not plan a node replacement');
      return false;
    }
  }

  private async cluster(id: string): Promise<ClusterRecord | null> {
    if (!this.clusters.has(id)) this.clusters.set(id, await this.ctx.repos.clusters.find(id));
    return this.clusters.get(id) ?? null;
  }
}

const formatDays = (days: number) => (days >= 10 ? String(Math.floor(days)) : days.toFixed(days >= 1 ? 1 : 4));
