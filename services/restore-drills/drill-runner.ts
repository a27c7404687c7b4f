import type { RestoreDrillsDeps } from './restore-drills-deps';
import type { RestoreDrillSteps, ScratchState } from './ports';
import type { ClusterRecord } from '../fleet/cluster-record';
import type { ClusterService } from '../fleet/cluster-service';
import type { OperationService } from '../operations/operation-service';
import type { RestoreService } from '../backups/restore-service';
import type { Pager } from '../alerts/pager';
import { ConflictError } from '../core/errors';
import { endpointsOf } from '../fleet/node-endpoints';
import { drillPageKey, scratchName } from './drill-names';

/** The actor a drill's scratch cluster is created and destroyed as: the source's owning team. */
const DRILL_TOKEN = 'restore-drill';

/**
 * The side of a drill that acts on other clusters: the scratch cluster is an ordinary restore into
 * a new cluster (owned by the source's team, its origin naming the drill), checked with the
 * engine's restore check, and decommissioned.
 */
export class RestoreDrillRunner implements RestoreDrillSteps {
  constructor(
    private readonly ctx: RestoreDrillsDeps,
    private readonly services: { clusters: ClusterService; restores: RestoreService; operations: OperationService; pager: Pager },
  ) {}

  private async ownerActor(cluster: Pick<ClusterRecord, 'ownerTeamId' | 'name'>) {
    const team = await this.ctx.repos.teams.find(cluster.ownerTeamId);
    if (!team) throw new Error(`cluster ${cluster.name} has no owning team`);
    return { team, tokenName: DRILL_TOKEN };
  }

  async restore(drillId: string, source: ClusterRecord, backupId: string) {
    const name = scratchName(source.name, drillId);
    let scratch = await this.ctx.repos.clusters.find(name);
    let provisionOperationId: string;
    if (scratch && scratch.origin?.drillId === drillId) {
      // A worker that died after asking for the scratch cluster: the one it made is the drill's.
      const [provision] = await this.ctx.repos.operations.list({ clusterId: scratch.id, type: 'provision', limit: 1 });
      if (!provision) throw new Error(`scratch cluster ${name} has no provision operation`);
      provisionOperationId = provision.id;
    } else {
      const made = await this.services.restores.restore(await this.ownerActor(source), source.id, { name, backupId }, { drillId });
      scratch = made.cluster;
      provisionOperationId = made.operation.id;
    }
    await this.ctx.repos.restoreDrills.started(drillId, scratch.id, this.ctx.clock.now());
    return { scratchClusterId: scratch.id, provisionOperationId };
  }

  async scratchState(drillId: string, provisionOperationId: string): Promise<ScratchState> {
    const provision = await this.services.operations.get(provisionOperationId);
    if (provision.status === 'succeeded') {
      const drill = await this.ctx.repos.restoreDrills.get(drillId);
      const at = provision.finishedAt ?? this.ctx.clock.now();
      if (drill && !drill.servingAt)
        await this.ctx.repos.restoreDrills.serving(drillId, at, (at.getTime() - drill.startedAt.getTime()) / 1000);
      return { state: 'serving', at };
    }
    if (provision.status === 'failed' || provision.status === 'cancelled' || provision.status === 'rolled_back')
      return { state: 'failed', error: provision.error ?? `the scratch cluster's provision ended ${provision.status}` };
    return { state: 'restoring' };
  }

  async verify(drillId: string, scratchClusterId: string, backupId: string): Promise<string[]> {
    const [drill, scratch, expected] = await Promise.all([
      this.ctx.repos.restoreDrills.get(drillId),
      this.ctx.repos.clusters.find(scratchClusterId),
      this.ctx.repos.drillFleet.expectationOf(backupId),
    ]);
    if (!drill || !scratch) throw new Error(`drill ${drillId} or its scratch cluster is gone`);
    const engine = this.ctx.engines.get(scratch.engine);
    if (!engine.restoreCheck) throw new Error(`${scratch.engine} has no restore check`);
    if (!expected) {
      const mismatches = [`backup ${backupId} has no recorded expectation to compare with`];
      await this.ctx.repos.restoreDrills.verified(drillId, { expected: {}, observed: {}, mismatches }, null, null);
      return mismatches;
    }
    const primary = endpointsOf((await this.ctx.repos.nodes.forCluster(scratch.id)).filter((n) => n.state === 'running')).find(
      (n) => n.role === 'primary',
    );
    if (!primary) throw new Error(`scratch cluster ${scratch.name} has no running primary`);
    const credentials = { username: engine.adminUsername, password: await this.ctx.repos.clusters.password(scratch.id) };
    const seen = await engine.restoreCheck.verify({ primary, credentials, expected });
    const newest = seen.newestWriteAt ? new Date(seen.newestWriteAt) : null;
    const rpoSeconds = newest ? Math.max(0, (drill.startedAt.getTime() - newest.getTime()) / 1000) : null;
    await this.ctx.repos.restoreDrills.verified(
      drillId,
      { expected: { probeWrittenAt: expected.probeWrittenAt, ...expected.figures }, observed: seen.observed, mismatches: seen.mismatches },
      newest,
      rpoSeconds,
    );
    return seen.mismatches;
  }

  async destroy(drillId: string, scratchClusterId: string): Promise<boolean> {
    const scratch = await this.ctx.repos.clusters.find(scratchClusterId);
    if (!scratch || scratch.status === 'DECOMMISSIONED') return true;
    if (scratch.origin?.drillId !== drillId) throw new Error(`cluster ${scratch.name} is not drill ${drillId}'s scratch cluster`);
    try {
      await this.services.clusters.decommission(await this.ownerActor(scratch), scratch.id, `restore drill ${drillId} is over`);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
    return false;
  }

  async finish(drillId: string, source: ClusterRecord, failure: string | null): Promise<void> {
    const ended = await this.ctx.repos.restoreDrills.finish(drillId, failure ? 'failed' : 'passed', failure);
    const key = drillPageKey(source.id);
    if (!failure) {
      await this.services.pager.resolve(key, 'error');
    } else if (ended) {
      this.ctx.logger.error({ cluster: source.name, drill: drillId, reason: failure }, 'restore drill failed');
      await this.services.pager.trigger({
        dedupKey: key,
        cluster: source,
        alertName: 'RestoreDrillFailed',
        summary: `restore drill of ${source.name} failed: ${failure}`.slice(0, 1000),
        severity: 'error',
        reason: 'a restore of the latest backup did not give back what it was recorded to hold; no automation can fix a backup',
      });
    }
  }
}
