import type { CampaignsDeps } from './campaigns-deps';
import type { PoolClient } from '../infra/db/pool';
import { withTransaction } from '../infra/db/pool';
import { campaignHalts, remainingChange, type HaltDecision } from './campaign-plan';
import { nextWave } from './next-wave';
import { clusterStart } from './cluster-start';
import type { OperationService } from '../operations/operation-service';
import { missingCapability } from '../operations/required-capabilities';
import type { Campaign } from './types';
import { outcomeOf } from './outcome';
import type { CampaignClusterChange, WaveTally } from './sql/campaigns';

const WORKER_ACTOR = 'datafleet-campaign';

/** Waiting clusters read per query while filling free slots: a few more than the slots, for those that skip or wait. */
const WAITING_PAGE_MIN = 32;

type Started = Array<{ id: string; priority: number }>;

/**
 * One pass over one campaign, inside one transaction that holds the campaign row: record the
 * outcomes of finished upgrades, halt when failures exceed the budget, move to the next wave after
 * the soak, start due clusters of the current wave up to in-flight, complete when all is done.
 * The decisions are pure (campaignHalts, nextWave, clusterStart); this class reads and applies them.
 * All state is in PostgreSQL and each upgrade is recorded in the same transaction that marks its
 * cluster running, so a crash at any point repeats nothing and loses nothing.
 *
 * A pass costs what changed, not the campaign's size: it reads the running upgrades, a tally per
 * wave and status, and only as many waiting clusters as there are free slots; its writes go in one
 * statement per kind (outcomes, skips and waits; started clusters).
 */
export class CampaignDriver {
  constructor(
    private readonly ctx: CampaignsDeps,
    private readonly operations: OperationService,
  ) {}

  /** Returns whether anything changed (then a live event is worth sending). */
  async tick(campaignId: string): Promise<boolean> {
    const started: Started = [];
    const changed = await withTransaction(this.ctx.pool, async (db) => {
      const campaign = await this.ctx.repos.campaigns.lock(campaignId, db);
      if (!campaign) return false; // another worker is on it right now
      return this.advance(campaign, db, started);
    });
    await Promise.all(started.map((op) => this.operations.dispatch(op.id, op.priority)));
    return changed || started.length > 0;
  }

  private async advance(c: Campaign, db: PoolClient, started: Started): Promise<boolean> {
    const repo = this.ctx.repos.campaigns;
    const outcomes: CampaignClusterChange[] = [];
    for (const upgrade of await repo.runningUpgrades(c.id, db)) {
      const outcome = outcomeOf(upgrade);
      if (outcome) outcomes.push({ clusterId: upgrade.clusterId, ...outcome });
    }
    await repo.setClusterStatuses(c.id, outcomes, db);
    const changed = outcomes.length > 0;
    if (c.status !== 'running' && c.status !== 'paused') return changed; // stopped: only outcomes are still recorded
    const tally = await repo.waveTally(c.id, db);
    const decision = await this.haltDecision(c, tally, db);
    if (decision.halt) {
      await repo.setStatus(c.id, 'halted', decision.reason, db);
      await repo.closeWaiting(c.id, 'skipped', `campaign halted: ${decision.reason}`, db);
      await this.audit(db, c, 'campaign.halted', decision.reason, { status: c.status }, { status: 'halted', failures: decision.failures });
      return true;
    }
    if (c.status === 'paused') return changed;

    const now = this.ctx.clock.now();
    // A tally row stands for every cluster of its wave and status: nextWave asks only which statuses occur and the latest finish.
    const step = nextWave(c, tally, now);
    if (step.kind === 'complete') {
      await repo.setStatus(c.id, 'completed', null, db);
      await this.audit(db, c, 'campaign.completed', null, { status: c.status }, { status: 'completed' });
      return true;
    }
    if (step.kind === 'soak') {
      if (step.begins) await repo.setProgress(c.id, c.currentWave, step.until, db);
      return changed || step.begins;
    }
    const inWave = (status: string) => tally.filter((t) => t.wave === step.wave && t.status === status).reduce((n, t) => n + t.count, 0);
    if (step.kind === 'advance') {
      await repo.setProgress(c.id, step.wave, null, db);
      const clusters = tally.filter((t) => t.wave === step.wave).reduce((n, t) => n + t.count, 0);
      await this.audit(db, c, 'campaign.wave_started', null, { wave: c.currentWave }, { wave: step.wave, clusters });
    }
    const slots = c.inFlight - inWave('running');
    return (await this.startDue(c, step.wave, slots, now, db, started)) || changed || step.kind === 'advance';
  }

  /**
   * The failure budget, from the tally; only a campaign over it reads which clusters failed (the
   * names its halt reason gives), so the common pass never lists them.
   */
  private async haltDecision(c: Campaign, tally: readonly WaveTally[], db: PoolClient): Promise<HaltDecision> {
    const failures = tally.filter((t) => t.status === 'failed' || t.status === 'rolled_back').reduce((n, t) => n + t.count, 0);
    if (failures <= c.failureBudget) return campaignHalts([], c.failureBudget);
    return campaignHalts(await this.ctx.repos.campaigns.failedClusters(c.id, db), c.failureBudget);
  }

  /**
   * Starts waiting clusters of the wave, in wave order, until `slots` are taken: reads them a page
   * at a time with their cluster records, skips those that cannot or need not be upgraded, marks
   * those outside their window scheduled (they hold no slot), and records an upgrade for the rest.
   */
  private async startDue(c: Campaign, wave: number, slots: number, now: Date, db: PoolClient, started: Started): Promise<boolean> {
    const repo = this.ctx.repos.campaigns;
    const changes: CampaignClusterChange[] = [];
    const marked: Array<{ clusterId: string; operationId: string }> = [];
    const pageSize = Math.max(WAITING_PAGE_MIN, slots * 2);
    let after = -1;
    while (slots > 0) {
      const rows = await repo.waiting(c.id, wave, after, pageSize, db);
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.position;
      const clusters = new Map(
        (
          await this.ctx.repos.clusters.findMany(
            rows.map((r) => r.clusterId),
            db,
          )
        ).map((k) => [k.id, k]),
      );
      for (const row of rows) {
        if (slots <= 0) break;
        const cluster = clusters.get(row.clusterId) ?? null;
        // A cluster whose provider cannot change versions (adopted, running elsewhere) is skipped, not failed.
        const cannot = cluster
          ? (missingCapability(this.ctx, cluster, 'upgrade', remainingChange(c, cluster.spec))?.message ?? null)
          : null;
        const decision = clusterStart(c, row, cluster, now, cannot);
        if (decision.kind === 'skip') {
          changes.push({ clusterId: row.clusterId, status: 'skipped', reason: decision.reason });
          continue;
        }
        if (decision.kind === 'wait') {
          const reason = `waiting for its maintenance window at ${decision.opens.toISOString()}`;
          if (decision.changed) changes.push({ clusterId: row.clusterId, status: 'scheduled', reason, plannedStart: decision.opens });
          continue;
        }
        const op = await this.operations.record(db, {
          clusterId: row.clusterId,
          type: 'upgrade',
          requestedBy: `campaign/${c.name}`,
          reason: `campaign ${c.name}: ${c.engine} ${decision.fromVersion} → ${[decision.change.toVersion, decision.change.instanceType].filter(Boolean).join(' on ')}`,
          params: { ...decision.change, campaignId: c.id, ...(c.benchmarkSeconds ? { benchmarkSeconds: c.benchmarkSeconds } : {}) },
        });
        marked.push({ clusterId: row.clusterId, operationId: op.id });
        started.push(op);
        slots -= 1;
      }
      if (rows.length < pageSize) break;
    }
    await repo.setClusterStatuses(c.id, changes, db);
    await repo.markStarted(c.id, marked, db);
    return changes.length > 0 || marked.length > 0;
  }

  private async audit(db: PoolClient, c: Campaign, action: string, reason: string | null, before: unknown, after: unknown): Promise<void> {
    await this.ctx.repos.audit.record({ actor: WORKER_ACTOR, action, targetType: 'campaign', targetId: c.id, reason, before, after }, db);
  }
}
