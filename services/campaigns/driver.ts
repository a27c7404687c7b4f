import type { CoreContext } from '../app/context';
import type { PoolClient } from '../infra/db/pool';
import { withTransaction } from '../infra/db/pool';
import { campaignHalts, startWithinWindow } from './campaign-plan';
import { OperationService } from '../operations/operation-service';
import { missingCapability } from '../operations/required-capabilities';
import type { Campaign, CampaignClusterRow } from './types';
import { FinishedClusterStatuses } from './types';
import { budgetOutcome, outcomeOf } from './outcome';

const WORKER_ACTOR = 'datafleet-campaign';
const finished = (r: CampaignClusterRow) => FinishedClusterStatuses.includes(r.status);

/**
 * One pass over one campaign, inside one transaction that holds the campaign row: record the
 * outcomes of finished upgrades, halt when failures exceed the budget, move to the next wave after
 * the soak, start due clusters of the current wave up to in-flight, complete when all is done.
 * All state is in PostgreSQL and each upgrade is recorded in the same transaction that marks its
 * cluster running, so a crash at any point repeats nothing and loses nothing.
 */
export class CampaignDriver {
  private readonly operations: OperationService;

  constructor(private readonly ctx: CoreContext) {
    this.operations = new OperationService(ctx);
  }

  /** Returns whether anything changed (then a live event is worth sending). */
  async tick(campaignId: string): Promise<boolean> {
    const started: Array<{ id: string; priority: number }> = [];
    const changed = await withTransaction(this.ctx.pool, async (db) => {
      const campaign = await this.ctx.repos.campaigns.lock(campaignId, db);
      if (!campaign) return false; // another worker is on it right now
      return this.advance(campaign, db, started);
    });
    for (const op of started) await this.operations.dispatch(op.id, op.priority);
    return changed || started.length > 0;
  }

  private async advance(c: Campaign, db: PoolClient, started: Array<{ id: string; priority: number }>): Promise<boolean> {
    const repo = this.ctx.repos.campaigns;
    let changed = false;
    for (const upgrade of await repo.runningUpgrades(c.id, db)) {
      const outcome = outcomeOf(upgrade);
      if (!outcome) continue;
      await repo.setClusterStatus(c.id, upgrade.clusterId, outcome.status, { reason: outcome.reason, comparison: outcome.comparison }, db);
      changed = true;
    }
    if (c.status !== 'running' && c.status !== 'paused') return changed; // stopped: only outcomes are still recorded
    const rows = await repo.clusters(c.id, db);
    const decision = campaignHalts(rows.map((r) => ({ name: r.clusterName, outcome: budgetOutcome(r.status) })), c.failureBudget);
    if (decision.halt) {
      await repo.setStatus(c.id, 'halted', decision.reason, db);
      await repo.closeWaiting(c.id, 'skipped', `campaign halted: ${decision.reason}`, db);
      await this.audit(db, c, 'campaign.halted', decision.reason, { status: c.status }, { status: 'halted', failures: decision.failures });
      return true;
    }
    if (c.status === 'paused') return changed;

    const now = this.ctx.clock.now();
    let wave = c.currentWave;
    let waveRows = rows.filter((r) => r.wave === wave);
    if (waveRows.every(finished)) {
      const next = rows.filter((r) => r.wave > wave).reduce<number | null>((m, r) => (m === null || r.wave < m ? r.wave : m), null);
      if (next === null) {
        await repo.setStatus(c.id, 'completed', null, db);
        await this.audit(db, c, 'campaign.completed', null, { status: c.status }, { status: 'completed' });
        return true;
      }
      // The soak runs from the moment the wave's last cluster finished.
      const lastFinish = Math.max(0, ...waveRows.map((r) => r.finishedAt?.getTime() ?? 0)) || now.getTime();
      const soakUntil = c.soakUntil ?? new Date(lastFinish + c.soakMinutes * 60_000);
      if (soakUntil > now) {
        if (!c.soakUntil) await repo.setProgress(c.id, wave, soakUntil, db);
        return changed || !c.soakUntil;
      }
      wave = next;
      waveRows = rows.filter((r) => r.wave === wave);
      await repo.setProgress(c.id, wave, null, db);
      await this.audit(db, c, 'campaign.wave_started', null, { wave: c.currentWave }, { wave, clusters: waveRows.length });
      changed = true;
    }
    return (await this.startDue(c, waveRows, now, db, started)) || changed;
  }

  private async startDue(c: Campaign, waveRows: CampaignClusterRow[], now: Date, db: PoolClient, started: Array<{ id: string; priority: number }>): Promise<boolean> {
    const repo = this.ctx.repos.campaigns;
    let slots = c.inFlight - waveRows.filter((r) => r.status === 'running').length;
    let changed = false;
    for (const row of waveRows) {
      if (slots <= 0) break;
      if (row.status !== 'pending' && row.status !== 'scheduled') continue;
      const cluster = await this.ctx.repos.clusters.find(row.clusterId, db);
      const skip = !cluster ? 'cluster record missing'
        : cluster.status !== 'ACTIVE' && cluster.status !== 'UPDATING' ? `cluster is ${cluster.status}`
          : cluster.spec.version === c.toVersion ? `already on ${c.toVersion}`
            // A cluster whose provider cannot change versions (adopted, running elsewhere) is skipped, not failed.
            : missingCapability(this.ctx, cluster, 'upgrade', { toVersion: c.toVersion })?.message ?? null;
      if (skip || !cluster) {
        await repo.setClusterStatus(c.id, row.clusterId, 'skipped', { reason: skip }, db);
        changed = true;
        continue;
      }
      const opens = startWithinWindow(cluster.maintenanceWindow, now, c.upgradeMinutes);
      if (opens > now) {
        if (row.status !== 'scheduled' || row.plannedStart.getTime() !== opens.getTime()) {
          await repo.setClusterStatus(c.id, row.clusterId, 'scheduled', { reason: `waiting for its maintenance window at ${opens.toISOString()}`, plannedStart: opens }, db);
          changed = true;
        }
        continue;
      }
      const op = await this.operations.record(db, {
        clusterId: cluster.id, type: 'upgrade', requestedBy: `campaign/${c.name}`, reason: `campaign ${c.name}: ${c.engine} ${cluster.spec.version} → ${c.toVersion}`,
        params: { toVersion: c.toVersion, campaignId: c.id, ...(c.benchmarkSeconds ? { benchmarkSeconds: c.benchmarkSeconds } : {}) },
      });
      await repo.markStarted(c.id, cluster.id, op.id, db);
      started.push(op);
      slots -= 1;
      changed = true;
    }
    return changed;
  }

  private async audit(db: PoolClient, c: Campaign, action: string, reason: string | null, before: unknown, after: unknown): Promise<void> {
    await this.ctx.repos.audit.record({ actor: WORKER_ACTOR, action, targetType: 'campaign', targetId: c.id, reason, before, after }, db);
  }
}
