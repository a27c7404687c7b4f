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
 * rate limits per cluster and fleet-wide — checked and counted in one statement that every process
 * takes in turn (see `openGuarded`). Non-urgent actions are held until
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
    const { type, params } = operationFor(playbook.action);
    // A provider that cannot do the fix (servers that run elsewhere) means a person does it.
    const refusal = missingCapability(this.ctx, cluster, type, params);
    const notBefore = playbook.urgent || !cluster.maintenanceWindow ? null : windowStart(cluster, this.ctx.clock.now());
    const opened = await this.ctx.repos.remediations.openGuarded({
      dedupKey: problemKey,
      clusterId: cluster.id,
      node: alert.node,
      playbookId: playbook.id,
      playbookVersion: playbook.version,
      alertName: alert.name,
      action: playbook.action,
      notBefore,
      windowMs: remediationWindowMs,
      perClusterPerHour: perCluster,
      perFleetPerHour: perFleet,
      capabilityRefused: refusal !== null,
    });
    switch (opened.outcome) {
      case 'duplicate':
        return { kind: 'duplicate', stillOpen: true };
      case 'recurred':
        // Only a confirmed alert gets here: the platform saw the problem itself, now, after the fix
        // finished. However the alert was worded, the fix did not hold and a person decides; an
        // earlier remediation must never turn a real problem into silence.
        return {
          kind: 'refused',
          why: `the problem recurred within ${Math.round(remediationWindowMs / 60_000)} min of an automatic ${playbook.action} (${opened.detail})`,
        };
      case 'cluster_limit':
        return { kind: 'refused', why: `${opened.detail} automatic remediations on ${cluster.name} in the last hour` };
      case 'fleet_limit':
        return { kind: 'refused', why: `${opened.detail} automatic remediations fleet-wide in the last hour` };
      case 'capability_refused':
        return { kind: 'refused', why: refusal?.message ?? 'the provider cannot carry out this remediation' };
      case 'opened':
        break;
    }
    const remediationId = opened.detail;
    const op = await withTransaction(this.ctx.pool, async (db) => {
      const recorded = await this.operations.record(
        db,
        {
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
        },
        cluster,
      );
      await this.ctx.repos.remediations.attach(remediationId, recorded.id, db);
      return recorded;
    });
    await this.operations.dispatch(op.id, op.priority, notBefore ? Math.max(0, notBefore.getTime() - Date.now()) : 0);
    await this.ctx.events.publish({ type: 'alert', data: { dedupKey: problemKey, action: 'remediating' } });
    return { kind: 'started', operationId: op.id, notBefore };
  }
}

function windowStart(cluster: ClusterRecord, now: Date): Date | null {
  const window = nextWindow(cluster.maintenanceWindow!, now);
  return window.openNow ? null : window.opens;
}
