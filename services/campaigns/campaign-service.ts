import type { CampaignsDeps } from './campaigns-deps';
import { withTransaction } from '../infra/db/pool';
import { ConflictError, InputError, NotFoundError } from '../core/errors';
import { newId } from '../core/ids';
import { actorLabel, assertPlatform, type Actor } from '../core/actor';
import { ProblemList } from '../core/request-problems';
import { planFromRequest, type PlannedCampaign } from './planning';
import { campaignJson, campaignView, type CampaignView } from './view';
import type { Campaign, CampaignRequest, CampaignStatus } from './types';

/** Asks the campaign worker to look at a campaign now rather than at its next scheduled tick. */
export type CampaignKick = (campaignId: string) => Promise<void>;

const controls = {
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  cancel: { from: ['draft', 'running', 'paused'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly CampaignStatus[]; to: CampaignStatus }>;
export type CampaignControl = keyof typeof controls;

/**
 * Fleet upgrade campaigns: the dry run, creating one (recorded with every planned cluster, then
 * driven by the campaign worker), the SRE view, and pause / resume / cancel. Only the platform team
 * plans or controls campaigns; a cluster's owner sees its own cluster's upgrades.
 */
export class CampaignService {
  constructor(
    private readonly ctx: CampaignsDeps,
    private readonly kick: CampaignKick = async () => undefined,
  ) {}

  async plan(actor: Actor, request: CampaignRequest): Promise<PlannedCampaign> {
    assertPlatform(actor, 'plan upgrade campaigns');
    await this.checkRequest(request);
    const candidates = await this.ctx.repos.campaigns.candidates(request.engine);
    return planFromRequest(request, candidates, this.ctx.clock.now(), (engine, from) =>
      this.ctx.engines.get(engine).catalog.upgradePaths(from),
    );
  }

  /**
   * A target is given (a qualified version, a catalog instance type, or both) and the selector names
   * real regions and teams: every problem at once.
   */
  private async checkRequest(request: CampaignRequest): Promise<void> {
    const problems = new ProblemList();
    if (!request.toVersion && !request.toInstanceType)
      problems.add({
        path: 'body',
        message: 'say what to move to: toVersion, toInstanceType or both',
        allowed: ['toVersion', 'toInstanceType'],
      });
    const qualified = this.ctx.engines.get(request.engine).catalog.versions.map((v) => v.version);
    if (request.toVersion && !qualified.includes(request.toVersion)) {
      problems.add({
        path: 'body/toVersion',
        message: `${request.engine} ${request.toVersion} is not in the version catalog`,
        allowed: qualified,
      });
    }
    const instanceTypes = [...this.ctx.regions.instanceTypes.keys()];
    if (request.toInstanceType && !instanceTypes.includes(request.toInstanceType)) {
      problems.add({
        path: 'body/toInstanceType',
        message: `unknown instance type "${request.toInstanceType}"; the catalog has: ${instanceTypes.join(', ')}`,
        allowed: instanceTypes,
      });
    }
    const regions = [...this.ctx.regions.regions.keys()];
    const unknownRegions = (request.selector?.regions ?? []).filter((r) => !regions.includes(r));
    if (unknownRegions.length) {
      problems.add({
        path: 'body/selector/regions',
        message: `unknown region ${unknownRegions.join(', ')}; configured regions: ${regions.join(', ')}`,
        allowed: regions,
      });
    }
    if (request.selector?.owners?.length) {
      const teams = (await this.ctx.repos.teams.list()).map((t) => t.name);
      const unknownOwners = request.selector.owners.filter((o) => !teams.includes(o));
      if (unknownOwners.length)
        problems.add({ path: 'body/selector/owners', message: `unknown team ${unknownOwners.join(', ')}`, allowed: teams });
    }
    problems.throwIfAny();
  }

  async create(actor: Actor, request: CampaignRequest): Promise<CampaignView> {
    const planned = await this.plan(actor, request);
    const clusters = planned.plan.waves.flatMap((w) =>
      w.clusters.map((c, position) => ({
        clusterId: c.id,
        wave: w.index,
        position,
        plannedStart: c.plannedStart,
        fromVersion: planned.versions.get(c.id) ?? '',
      })),
    );
    if (clusters.length === 0)
      throw new InputError('no cluster would be upgraded: the selector and target leave nothing to do', {
        skipped: planned.plan.skipped.slice(0, 20),
      });
    const who = actorLabel(actor);
    const now = this.ctx.clock.now();
    const campaign: Campaign = {
      id: newId(),
      name: request.name,
      engine: request.engine,
      fromVersion: request.fromVersion ?? null,
      toVersion: request.toVersion ?? null,
      toInstanceType: request.toInstanceType ?? null,
      selector: request.selector ?? {},
      ...planned.settings,
      benchmarkSeconds: request.benchmarkSeconds ?? null,
      status: 'running',
      plan: planned.plan,
      currentWave: 0,
      soakUntil: null,
      createdBy: who,
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
      haltedReason: null,
    };
    try {
      await withTransaction(this.ctx.pool, async (db) => {
        await this.ctx.repos.campaigns.insert(campaign, clusters, db);
        await this.ctx.repos.audit.record(
          {
            actor: who,
            action: 'campaign.create',
            targetType: 'campaign',
            targetId: campaign.id,
            reason: null,
            after: { ...request, clusters: clusters.length, waves: planned.plan.waves.length },
          },
          db,
        );
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23503')
        throw new ConflictError('a planned cluster disappeared while the campaign was being created; plan again');
      throw error;
    }
    await this.kick(campaign.id);
    const view = await this.get(campaign.id);
    await this.publish(campaign.id);
    return view;
  }

  async list(limit: number) {
    const campaigns = await this.ctx.repos.campaigns.list(limit);
    const counts = await this.ctx.repos.campaigns.statusCounts(campaigns.map((c) => c.id));
    return campaigns.map((c) => ({ ...campaignJson(c), counts: counts.get(c.id) ?? {} }));
  }

  async get(id: string): Promise<CampaignView> {
    const campaign = await this.ctx.repos.campaigns.get(id);
    if (!campaign) throw new NotFoundError('campaign', id);
    return campaignView(campaign, await this.ctx.repos.campaigns.clusters(id), this.ctx.clock.now());
  }

  /**
   * Pause: nothing new starts (upgrades in flight finish). Resume: carries on. Cancel: nothing
   * more starts, waiting clusters are marked cancelled, upgrades in flight finish and are recorded.
   */
  async control(actor: Actor, id: string, action: CampaignControl, reason: string): Promise<CampaignView> {
    assertPlatform(actor, `${action} upgrade campaigns`);
    const rule = controls[action];
    const who = actorLabel(actor);
    await withTransaction(this.ctx.pool, async (db) => {
      // Waits for a tick holding the row: the tick's decisions and this change never interleave.
      const before = await this.ctx.repos.campaigns.lockStatus(id, db);
      if (!before) throw new NotFoundError('campaign', id);
      if (!(rule.from as readonly CampaignStatus[]).includes(before)) {
        throw new ConflictError(
          `campaign ${id} is ${before}; only a ${rule.from.join(' or ')} campaign can be ${action === 'cancel' ? 'cancelled' : `${action}d`}`,
          { status: before },
        );
      }
      await this.ctx.repos.campaigns.setStatus(id, rule.to, null, db);
      if (action === 'cancel') await this.ctx.repos.campaigns.closeWaiting(id, 'cancelled', `campaign cancelled by ${who}`, db);
      await this.ctx.repos.audit.record(
        {
          actor: who,
          action: `campaign.${action}`,
          targetType: 'campaign',
          targetId: id,
          reason,
          before: { status: before },
          after: { status: rule.to },
        },
        db,
      );
    });
    await this.kick(id);
    await this.publish(id);
    return this.get(id);
  }

  /** A cluster's place in campaigns, newest first: what its owner team checks. Like every read, open to any valid token. */
  async upgradesFor(clusterRef: string) {
    const cluster = await this.ctx.repos.clusters.find(clusterRef);
    if (!cluster) throw new NotFoundError('cluster', clusterRef);
    return {
      cluster: { id: cluster.id, name: cluster.name, version: cluster.spec.version },
      upgrades: await this.ctx.repos.campaigns.forCluster(cluster.id),
    };
  }

  /** The campaign's live event: its status and counts, counted in PostgreSQL (a pass may follow every few hundred ms). */
  async publish(id: string): Promise<void> {
    const campaign = await this.ctx.repos.campaigns.get(id);
    if (!campaign) return;
    const counts = await this.ctx.repos.campaigns.counts(id);
    await this.ctx.events.publish({ type: 'campaign', data: { id, status: campaign.status, currentWave: campaign.currentWave, counts } });
  }
}
