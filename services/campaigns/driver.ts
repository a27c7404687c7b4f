import type { CampaignsDeps } from './campaigns-deps';
import type { PoolClient } from '../infra/db/pool';
import { withTransaction } from '../infra/db/pool';
import { campaignHalts } from './campaign-plan';
import { nextWave } from './next-wave';
import { clusterStart } from './cluster-start';
import type { OperationService } from '../operations/operation-service';
import { missingCapability } from '../operations/required-capabilities';
import type { Campaign, CampaignClusterRow } from './types';
import { budgetOutcome, outcomeOf } from './outcome';

const WORKER_ACTOR = 'datafleet-campaign';

/**
 * One pass over one campaign, inside one transaction that holds the campaign row: record the
 * outcomes of finished upgrades, halt when failures exceed the budget, move to the next wave after
 * the soak, start due clusters of the current wave up to in-flight, complete when all is done.
 * The decisions are pure (campaignHalts, nextWave, clusterStart); this class reads and applies them.
 * All state is in PostgreSQL and each upgrade is recorded in the same transaction that marks its
 * cluster running, so a crash at any point repeats nothing and loses nothing.
 */
export class CampaignDriver {
  constructor(
    private readonly ctx: CampaignsDeps,
    private readonly operations: OperationService,
  ) {}

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
    const decision = campaignHalts(
      rows.map((r) => ({ name: r.clusterName, outcome: budgetOutcome(r.status) })),
      c.failureBudget,
    );
    if (decision.halt) {
      await repo.setStatus(c.id, 'halted', decision.reason, db);
      await repo.closeWaiting(c.id, 'skipped', `campaign halted: ${decision.reason}`, db);
      await this.audit(db, c, 'campaign.halted', decision.reason, { status: c.status }, { status: 'halted', failures: decision.failures });
      return true;
    }
    if (c.status === 'paused') return changed;

    const now = this.ctx.clock.now();
    const step = nextWave(c, rows, now);
    if (step.kind === 'complete') {
      await repo.setStatus(c.id, 'completed', null, db);
      await this.audit(db, c, 'campaign.completed', null, { status: c.status }, { status: 'completed' });
      return true;
    }
    if (step.kind === 'soak') {
      if (step.begins) await repo.setProgress(c.id, c.currentWave, step.until, db);
      return changed || step.begins;
    }
    const waveRows = rows.filter((r) => r.wave === step.wave);
    if (step.kind === 'advance') {
      await repo.setProgress(c.id, step.wave, null, db);
      await this.audit(db, c, 'campaign.wave_started', null, { wave: c.currentWave }, { wave: step.wave, clusters: waveRows.length });
      changed = true;
    }
    return (await this.startDue(c, waveRows, now, db, started)) || changed;
  }

  private async startDue(
    c: Campaign,
    waveRows: CampaignClusterRow[],
    now: Date,
    db: PoolClient,
    started: Array<{ id: string; priority: number }>,
  ): Promise<boolean> {
    const repo = this.ctx.repos.campaigns;
    let slots = c.inFlight - waveRows.filter((r) => r.status === 'running').length;
    let changed = false;
    for (const row of waveRows) {
      if (slots <= 0) break;
      if (row.status !== 'pending' && row.status !== 'scheduled') continue;
      const cluster = await this.ctx.repos.clusters.find(row.clusterId, db);
      // A cluster whose provider cannot change versions (adopted, running elsewhere) is skipped, not failed.
      const cannot = cluster ? (missingCapability(this.ctx, cluster, 'upgrade', { toVersion: c.toVersion })?.message ?? null) : null;
      const decision = clusterStart(c, row, cluster, now, cannot);
      if (decision.kind === 'skip') {
        await repo.setClusterStatus(c.id, row.clusterId, 'skipped', { reason: decision.reason }, db);
        changed = true;
        continue;
      }
      if (decision.kind === 'wait') {
        if (decision.changed) {
          const reason = `waiting for its maintenance window at ${decision.opens.toISOString()}`;
          await repo.setClusterStatus(c.id, row.clusterId, 'scheduled', { reason, plannedStart: decision.opens }, db);
          changed = true;
        }
        continue;
      }
      const op = await this.operations.record(db, {
        clusterId: row.clusterId,
        type: 'upgrade',
        requestedBy: `campaign/${c.name}`,
        reason: `campaign ${c.name}: ${c.engine} ${decision.fromVersion} → ${c.toVersion}`,
        params: { toVersion: c.toVersion, campaignId: c.id, ...(c.benchmarkSeconds ? { benchmarkSeconds: c.benchmarkSeconds } : {}) },
      });
      await repo.markStarted(c.id, row.clusterId, op.id, db);
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
