import type { AlertsDeps } from './alerts-deps';
import type { ClusterRecord } from '../fleet/cluster-record';
import type { OperationService } from '../operations/operation-service';
import { nextWindow } from '../fleet/maintenance-window';
import { withTransaction } from '../infra/db/pool';
import type { Playbook } from './playbooks';
import { Priorities } from '../infra/queues/priorities';
import { missingCapability } from '../operations/required-capabilities';

export type StartOutcome =
  | { kind: 'started'; operationId: string; notBefore: Date | null }
  | { kind: 'duplicate'; stillOpen: boolean }
  | { kind: 'refused'; why: string };

const operationFor = (
  action: Playbook['action'],
): { type: 'scale' | 'replace_node' | 'restart_node'; params: { addNodesPerRegion?: number } } =>
  action === 'scale_out' ? { type: 'scale', params: { addNodesPerRegion: 1 } } : { type: action, params: {} };

/**
 * Starts at most one remediation per problem, for an alert its caller confirmed with own evidence.
 * Guards, in order: a remediation of the same problem still open (the storm's duplicates), one that
 * finished within the dedup window (the problem confirmed again: a person decides), and the hourly
 * rate limits per cluster and fleet-wide. Non-urgent actions are held until
 * the cluster's maintenance window opens; the cluster lease queues every action behind any
 * operation already running on the cluster.
 */
export class RemediationStarter {
  constructor(
    private readonly ctx: AlertsDeps,
    private readonly operations: OperationService,
  ) {}

  async start(
    cluster: ClusterRecord,
    playbook: Playbook,
    problemKey: string,
    alert: { name: string; node: string | null; summary: string; startedAt: Date | null; alertId: string },
  ): Promise<StartOutcome> {
    const { remediationsPerClusterPerHour: perCluster, remediationsPerFleetPerHour: perFleet, remediationWindowMs } = this.ctx.config;
    const latest = await this.ctx.repos.remediations.latest(problemKey, remediationWindowMs);
    if (latest?.status === 'open') return { kind: 'duplicate', stillOpen: true };
    if (latest) {
      // Only a confirmed alert gets here: the platform saw the problem itself, now, after the fix
      // finished. However the alert was worded, the fix did not hold and a person decides; an
      // earlier remediation must never turn a real problem into silence.
      return {
        kind: 'refused',
        why: `the problem recurred within ${Math.round(remediationWindowMs / 60_000)} min of an automatic ${playbook.action} (${latest.status})`,
      };
    }
    const recent = await this.ctx.repos.remediations.startedSince(cluster.id, 3_600_000);
    if (recent.cluster >= perCluster)
      return { kind: 'refused', why: `${recent.cluster} automatic remediations on ${cluster.name} in the last hour` };
    if (recent.fleet >= perFleet) return { kind: 'refused', why: `${recent.fleet} automatic remediations fleet-wide in the last hour` };

    const { type, params } = operationFor(playbook.action);
    // A provider that cannot do the fix (servers that run elsewhere) means a person does it.
    const refusal = missingCapability(this.ctx, cluster, type, params);
    if (refusal) return { kind: 'refused', why: refusal.message };
    const notBefore = playbook.urgent || !cluster.maintenanceWindow ? null : windowStart(cluster, this.ctx.clock.now());
    const remediationId = await this.ctx.repos.remediations.open({
      dedupKey: problemKey,
      clusterId: cluster.id,
      node: alert.node,
      playbookId: playbook.id,
      playbookVersion: playbook.version,
      alertName: alert.name,
      action: playbook.action,
      notBefore,
    });
    if (!remediationId) return { kind: 'duplicate', stillOpen: true };
    const op = await withTransaction(this.ctx.pool, (db) =>
      this.operations.record(db, {
        clusterId: cluster.id,
        type,
        priority: Priorities.remediation,
        requestedBy: `playbook:${playbook.id}@${playbook.version}`,
        reason: `${alert.name} on ${alert.node ?? cluster.name}: ${alert.summary}`,
        params: {
          ...params,
          node: alert.node,
          alertId: alert.alertId,
          playbook: playbook.id,
          ...(notBefore ? { notBefore: notBefore.toISOString() } : {}),
        },
      }),
    );
    await this.ctx.repos.remediations.attach(remediationId, op.id);
    await this.operations.dispatch(op.id, op.priority, notBefore ? Math.max(0, notBefore.getTime() - Date.now()) : 0);
    await this.ctx.events.publish({ type: 'alert', data: { dedupKey: problemKey, action: 'remediating' } });
    return { kind: 'started', operationId: op.id, notBefore };
  }
}

function windowStart(cluster: ClusterRecord, now: Date): Date | null {
  const window = nextWindow(cluster.maintenanceWindow!, now);
  return window.openNow ? null : window.opens;
}
