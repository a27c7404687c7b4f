import type { UpgradesDeps } from './upgrades-deps';
import type { Operation } from '../core/types';
import type { ClusterRecord } from '../fleet/cluster-record';
import type { OperationService } from '../operations/operation-service';
import { schedulingParams } from '../operations/operation-params';
import { heldUntil } from './day2-terms';
import { actorLabel, assertMayChange, type Actor } from '../core/actor';
import { missingCapability } from '../operations/required-capabilities';
import { assertActive } from '../fleet/active-cluster';

/** What a rolling restart would do: the nodes in the order they restart, when it starts, its cost. */
export interface RestartPreview {
  order: Array<{ name: string; role: string }>;
  notBefore: string | null;
  monthlyCostUsd: { before: number; after: number; difference: number };
}

/** A rolling restart of every node as a `rolling_restart` operation, held until the maintenance window unless urgent. */
export class RollingRestartService {
  constructor(
    private readonly ctx: UpgradesDeps,
    private readonly operations: OperationService,
  ) {}

  async preview(actor: Actor, cluster: ClusterRecord, urgent: boolean): Promise<RestartPreview> {
    assertMayChange(actor, cluster.ownerTeamId, `cluster ${cluster.name}`);
    const refusal = missingCapability(this.ctx, cluster, 'rolling_restart', {});
    if (refusal) throw refusal;
    assertActive(cluster, 'an ACTIVE cluster is restarted');
    const nodes = await this.ctx.repos.nodes.forCluster(cluster.id);
    const order = [...nodes].sort((a, b) => Number(a.role === 'primary') - Number(b.role === 'primary') || a.name.localeCompare(b.name));
    return {
      order: order.map((n) => ({ name: n.name, role: n.role })),
      notBefore: heldUntil(this.ctx, cluster, urgent),
      monthlyCostUsd: { before: cluster.monthlyCostUsd, after: cluster.monthlyCostUsd, difference: 0 },
    };
  }

  async request(actor: Actor, cluster: ClusterRecord, urgent: boolean): Promise<{ preview: RestartPreview; operation: Operation }> {
    const preview = await this.preview(actor, cluster, urgent);
    const who = actorLabel(actor);
    const operation = await this.operations.requestAudited({
      cluster,
      lockCluster: true,
      notBefore: preview.notBefore,
      request: {
        clusterId: cluster.id,
        type: 'rolling_restart',
        requestedBy: who,
        reason: `rolling restart of ${preview.order.length} node(s)`,
        params: schedulingParams(urgent, preview.notBefore),
      },
      audit: { action: 'cluster.rolling_restart', reason: 'rolling restart', after: preview },
    });
    return { preview, operation };
  }
}
