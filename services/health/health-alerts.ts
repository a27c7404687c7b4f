import type { HealthDeps } from './health-deps';
import type { AlertService } from '../alerts/alert-service';
import type { NodeChange } from './fold';

/**
 * Health transitions are alerts too: a node turning unhealthy fires NodeDown (it did not answer,
 * or went silent) or NodeUnhealthy (anything else, an unreachable node its peers still see among
 * them); recovering from unhealthy resolves both. A node's first state raises nothing. A transition
 * is a fresh observation (its startedAt is now): whatever an earlier alert about the node came to,
 * a death seen now is acted on or paged, never taken for a duplicate.
 */
const CONCURRENCY = 8;

export class HealthAlerts {
  constructor(
    private readonly ctx: HealthDeps,
    private readonly alerts: AlertService,
  ) {}

  /** Raises the alerts of a batch's changes, a few nodes at a time (each node's alerts in order). */
  async raise(changes: NodeChange[]): Promise<void> {
    const byNode = new Map<string, NodeChange[]>();
    for (const c of changes) byNode.set(c.targetId, [...(byNode.get(c.targetId) ?? []), c]);
    const queue = [...byNode.values()];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let node = queue.shift(); node; node = queue.shift()) for (const c of node) await this.raiseOne(c);
      }),
    );
  }

  private async raiseOne(c: NodeChange): Promise<void> {
    const becameUnhealthy = c.toState === 'unhealthy' && c.fromState !== null;
    const recovered = c.fromState === 'unhealthy' && c.toState !== 'unhealthy';
    if (!becameUnhealthy && !recovered) return;
    const down = c.causes.some((cause) => cause.startsWith('node down') || cause.startsWith('node silent'));
    const name = c.nodeName ?? (await this.ctx.repos.nodes.forCluster(c.clusterId)).find((n) => n.id === c.targetId)?.name ?? null;
    const cluster = await this.alerts.findCluster(c.clusterId).catch((error: unknown) => {
      this.ctx.logger.warn({ err: error, clusterId: c.clusterId, node: name }, 'raising a health alert failed: cluster lookup');
      return null;
    });
    if (!cluster) return;
    const observedAt = new Date();
    for (const alertName of becameUnhealthy ? [down ? 'NodeDown' : 'NodeUnhealthy'] : ['NodeDown', 'NodeUnhealthy']) {
      // The alert path belongs to alerting: its failure is logged, and never stalls the health stream.
      await this.alerts
        .receive(
          {
            source: 'health',
            name: alertName,
            status: becameUnhealthy ? 'firing' : 'resolved',
            cluster: c.clusterId,
            node: name,
            severity: 'critical',
            summary: c.causes.join('; ') || `node ${name ?? c.targetId} recovered`,
            fingerprint: null,
            labels: {},
            startedAt: observedAt,
          },
          cluster,
          'health',
        )
        .catch((error: unknown) => this.ctx.logger.warn({ err: error, alert: alertName, node: name }, 'raising a health alert failed'));
    }
  }
}
