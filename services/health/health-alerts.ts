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

/**
 * A replica that stopped following its primary (or a node its peers do not see) in a cluster whose HA manager fails it over: the
 * primary's own NodeDown carries the problem (the manager re-points the replicas when it promotes
 * one, and a failover it cannot make pages a person there), so the replica raises nothing of its own.
 */
function awaitsFailover(cluster: { failoverManager?: unknown }, causes: string[]): boolean {
  if (!cluster.failoverManager) return false;
  if (causes.some((cause) => cause.startsWith('replica is not following its primary'))) return true;
  // A node that answers while its peers do not see it among them: the manager is re-pointing the
  // replicas (Patroni after a promotion) and the roles are catching up with it.
  return causes.some((cause) => cause.startsWith('peers ') && cause.includes('see it down while its own probe answers'));
}

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
    const node = (await this.ctx.repos.nodes.forCluster(c.clusterId)).find((n) => n.id === c.targetId);
    const name = c.nodeName ?? node?.name ?? null;
    const cluster = await this.alerts.findCluster(c.clusterId).catch((error: unknown) => {
      this.ctx.logger.warn({ err: error, clusterId: c.clusterId, node: name }, 'raising a health alert failed: cluster lookup');
      return null;
    });
    if (!cluster) return;
    if (becameUnhealthy && !down && awaitsFailover(cluster, c.causes)) return;
    const observedAt = new Date();
    // A primary of a cluster whose HA manager fails it over (a simulated cluster's modelled one
    // included): the playbook replaces it once the manager promoted a replica. A dead replica is
    // restarted like any other node.
    const managerKind =
      cluster.failoverManager?.kind ??
      (cluster.simulated ? this.ctx.engines.get(cluster.engine).simulated.failover?.managerKind : undefined);
    const labels: Record<string, string> = managerKind && node?.role === 'primary' ? { failoverManager: managerKind } : {};
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
            labels,
            startedAt: observedAt,
          },
          cluster,
          'health',
        )
        .catch((error: unknown) => this.ctx.logger.warn({ err: error, alert: alertName, node: name }, 'raising a health alert failed'));
    }
  }
}
