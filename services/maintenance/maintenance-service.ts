import type { MaintenanceDeps } from './maintenance-deps';
import type { ClusterRecord } from '../fleet/cluster-record';
import type { Actor } from '../core/actor';
import { actorLabel, assertPlatform } from '../core/actor';
import { MaintenanceNodeQueries } from './sql/node-queries';
import { NoticeRows, type MaintenanceNotice } from './sql/notice-rows';
import { ReplacementRows, type Replacement } from './sql/replacement-rows';
import { MaintenanceScan } from './maintenance-scan';
import type { ReplacementScheduler } from './replacement-scheduler';
import { DAY_MS } from '../core/clock';

/** A planned replacement as the API and console show it. */
export function replacementJson(r: Replacement, notices: MaintenanceNotice[]) {
  return {
    cluster: r.clusterName,
    node: r.nodeName,
    reason: r.reason,
    scheduledFor: r.scheduledFor.toISOString(),
    deadline: r.deadline?.toISOString() ?? null,
    operationId: r.operationId ?? '',
    status: r.status ?? 'pending',
    asap: r.asap,
    detail: r.detail,
    notices: notices
      .filter((n) => n.replacementId === r.id)
      .map((n) => ({
        kind: n.kind,
        channel: n.channel || null,
        at: n.at.toISOString(),
        delivered: n.delivered,
        detail: n.detail,
        text: n.text,
      })),
  };
}

/** The read side of maintenance for the API and CLI, and the on-demand scan. */
export class MaintenanceService {
  private readonly rows: ReplacementRows;
  private readonly notices: NoticeRows;
  private readonly nodes: MaintenanceNodeQueries;

  constructor(
    private readonly ctx: MaintenanceDeps,
    private readonly scheduler: ReplacementScheduler,
  ) {
    this.rows = new ReplacementRows(ctx.pool);
    this.notices = new NoticeRows(ctx.pool);
    this.nodes = new MaintenanceNodeQueries(ctx.pool);
  }

  async upcoming(limit: number) {
    return this.withNotices(await this.rows.upcoming(limit));
  }

  async forCluster(cluster: ClusterRecord, limit: number) {
    return this.withNotices(await this.rows.forCluster(cluster.id, limit));
  }

  async oldest(limit: number) {
    const now = this.ctx.clock.now().getTime();
    return (await this.nodes.oldest(limit)).map((n) => ({
      cluster: n.cluster,
      node: n.node,
      engine: n.engine,
      launchedAt: n.launchedAt.toISOString(),
      ageDays: Math.round(((now - n.launchedAt.getTime()) / DAY_MS) * 1e6) / 1e6,
      retirementDeadline: n.retirementDeadline?.toISOString() ?? null,
    }));
  }

  /** A fleet-wide scan now, outside its schedule: what it planned. Platform team only (it touches every cluster). */
  async scanNow(actor: Actor) {
    assertPlatform(actor, 'run a fleet-wide maintenance scan');
    const result = await new MaintenanceScan(this.ctx, this.scheduler).run();
    await this.ctx.repos.audit.record({
      actor: actorLabel(actor),
      action: 'maintenance.scan.requested',
      targetType: 'fleet',
      targetId: 'maintenance',
      reason: 'on request',
      after: { scheduled: result.scheduled.map((s) => ({ node: s.replacement.nodeName, operationId: s.operationId, change: s.kind })) },
    });
    const notices = await this.notices.forReplacements(result.scheduled.map((s) => s.replacement.id));
    return {
      eventsRead: result.eventsRead,
      oldNodesFound: result.oldNodesFound,
      scheduled: result.scheduled.map((s) => ({ ...replacementJson(s.replacement, notices), change: s.kind, why: s.timing.why })),
    };
  }

  private async withNotices(rows: Replacement[]) {
    const notices = await this.notices.forReplacements(rows.map((r) => r.id));
    return rows.map((r) => replacementJson(r, notices));
  }
}
