import type { UpgradesDeps } from './upgrades-deps';
import type { Operation } from '../core/types';
import type { ClusterRecord } from '../fleet/cluster-record';
import type { OperationService } from '../operations/operation-service';
import { changeHeldUntil } from '../fleet/maintenance-window';
import { actorLabel, assertMayChange, type Actor } from '../core/actor';
import { ProblemList } from '../core/request-problems';
import { missingCapability } from '../operations/required-capabilities';
import { withTransaction } from '../infra/db/pool';
import { StandardWorkloadNames } from '../workload/standard';
import { conflictUnlessActive } from '../fleet/active-cluster';

export interface UpgradeRequest {
  toVersion?: string;
  instanceType?: string;
  kernelVersion?: string;
  force?: boolean;
  reason?: string;
  workloads?: string[];
  benchmarkSeconds?: number;
  thresholdPercent?: number;
  campaignId?: string;
}

/** The same change asked for again: what an upgrade operation records, its scheduling aside. */
function sameUpgrade(queued: Record<string, unknown>, asked: Record<string, unknown>): boolean {
  const canonical = (params: Record<string, unknown>) =>
    JSON.stringify(
      Object.entries(params)
        .filter(([k, v]) => k !== 'notBefore' && v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  return canonical(queued) === canonical(asked);
}

/**
 * Requests a benchmark-gated upgrade of one cluster: a new engine version (one of the catalog's
 * upgrade paths from the version it runs), instance type or kernel. Unless forced, it is held until
 * the cluster's maintenance window opens, without blocking other operations of the cluster.
 */
export class UpgradeService {
  constructor(
    private readonly ctx: UpgradesDeps,
    private readonly operations: OperationService,
  ) {}

  /** Every problem of the request at once; 409 only when the cluster's state is the only one. */
  validate(cluster: ClusterRecord, request: UpgradeRequest): void {
    // A provider that cannot make the change refuses it first, naming the capability, whatever else is wrong.
    const refusal = missingCapability(this.ctx, cluster, 'upgrade', request);
    if (refusal) throw refusal;
    const problems = new ProblemList();
    if (!request.toVersion && !request.instanceType && !request.kernelVersion) {
      problems.add({
        path: 'body',
        message: 'say what to change: toVersion, instanceType or kernelVersion',
        allowed: ['toVersion', 'instanceType', 'kernelVersion'],
      });
    }
    conflictUnlessActive(problems, cluster, 'an ACTIVE cluster is upgraded');
    if (request.toVersion) {
      const paths = this.ctx.engines.get(cluster.engine).catalog.upgradePaths(cluster.spec.version);
      if (!paths.includes(request.toVersion)) {
        problems.add({
          path: 'body/toVersion',
          message: `${cluster.engine} ${cluster.spec.version} cannot be upgraded to ${request.toVersion}; it can go to: ${paths.join(', ') || 'nothing newer'}`,
          allowed: paths,
        });
      }
    }
    if (request.instanceType && !this.ctx.regions.instanceTypes.has(request.instanceType)) {
      problems.add({
        path: 'body/instanceType',
        message: `unknown instance type "${request.instanceType}"`,
        allowed: [...this.ctx.regions.instanceTypes.keys()],
      });
    }
    if (request.kernelVersion) {
      // Every region of the cluster must offer the kernel: a node can only boot an image its provider has.
      const offered = cluster.regions.map((r) => this.ctx.providers.forRegion(r).kernelVersions());
      const allowed = offered.reduce((common, kernels) => common.filter((k) => kernels.includes(k)));
      if (!allowed.includes(request.kernelVersion)) {
        problems.add({
          path: 'body/kernelVersion',
          message: `kernel ${request.kernelVersion} is not offered in the regions of ${cluster.name}; choose one of ${allowed.join(', ') || 'none'}`,
          allowed,
        });
      }
    }
    const unknown = (request.workloads ?? []).filter((w) => !(StandardWorkloadNames as string[]).includes(w));
    if (unknown.length > 0)
      problems.add({
        path: 'body/workloads',
        message: `unknown workloads: ${unknown.join(', ')}; known: ${StandardWorkloadNames.join(', ')}`,
        allowed: StandardWorkloadNames,
      });
    problems.throwIfAny();
  }

  async request(actor: Actor, cluster: ClusterRecord, request: UpgradeRequest): Promise<Operation> {
    assertMayChange(actor, cluster.ownerTeamId, `cluster ${cluster.name}`);
    this.validate(cluster, request);
    const notBefore = changeHeldUntil(cluster.maintenanceWindow, this.ctx.clock.now(), request.force ?? false);
    const who = actorLabel(actor);
    const { reason, ...params } = request;
    const why = reason ?? `upgrade to ${[request.toVersion, request.instanceType, request.kernelVersion].filter(Boolean).join(', ')}`;
    const op = await withTransaction(this.ctx.pool, async (db) => {
      // A retried or doubled request (even concurrent, thanks to the row lock) gets the queued
      // operation back; a different upgrade waits behind it in order, like any other operation.
      await this.ctx.repos.clusters.lock(cluster.id, db);
      const open = await this.ctx.repos.operations.openOfType(cluster.id, 'upgrade', db);
      const queued = open.find((row) => sameUpgrade(row.params, params));
      if (queued) return { ...queued, existing: true as const };
      const recorded = await this.operations.record(db, {
        clusterId: cluster.id,
        type: 'upgrade',
        requestedBy: who,
        reason: why,
        params: { ...params, ...(notBefore ? { notBefore: notBefore.toISOString() } : {}) },
      });
      await this.ctx.repos.audit.record(
        {
          actor: who,
          action: 'cluster.upgrade',
          targetType: 'cluster',
          targetId: cluster.id,
          reason: why,
          before: { version: cluster.spec.version, instanceType: cluster.spec.instanceType },
          after: request,
        },
        db,
      );
      return recorded;
    });
    if ('existing' in op) return this.operations.get(op.id);
    await this.operations.dispatch(op.id, op.priority, notBefore ? notBefore.getTime() - Date.now() : 0);
    return this.operations.get(op.id);
  }
}
