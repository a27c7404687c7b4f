import type { FleetDeps } from './fleet-deps';
import { findCluster } from './find-cluster';
import type { ClusterRecord } from './sql/clusters';
import { TransferRepository, type TransferOffer } from './sql/transfers';
import { actorLabel, assertMayChange, type Actor } from '../core/actor';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../core/errors';
import { withTransaction } from '../infra/db/pool';

type Decision = 'accept' | 'decline' | 'cancel';
const closedAs = { accept: 'accepted', decline: 'declined', cancel: 'cancelled' } as const;

/**
 * Ownership changes by consent: the owning team offers its cluster to another team, which accepts
 * or declines; the offering team may cancel. The platform team may do any of these (and may also
 * reassign directly through the cluster's PATCH).
 */
export class TransferService {
  readonly offers: TransferRepository;

  constructor(private readonly ctx: FleetDeps) {
    this.offers = new TransferRepository(ctx.pool);
  }

  private async cluster(ref: string): Promise<ClusterRecord> {
    const cluster = await findCluster(this.ctx.repos.clusters, ref);
    return cluster;
  }

  async pendingFor(ref: string): Promise<TransferOffer | null> {
    return this.offers.pending((await this.cluster(ref)).id);
  }

  async offer(actor: Actor, ref: string, to: string, reason?: string): Promise<TransferOffer> {
    const cluster = await this.cluster(ref);
    assertMayChange(actor, cluster.ownerTeamId, `cluster ${cluster.name}`);
    if (cluster.status === 'DECOMMISSIONED') throw new ConflictError(`cluster ${cluster.name} is decommissioned`);
    const receiver = await this.ctx.repos.teams.find(to);
    if (!receiver) throw new InputError(`unknown team "${to}": give a team name, id or email`, { field: 'to' });
    if (receiver.id === cluster.ownerTeamId)
      throw new InputError(`cluster ${cluster.name} already belongs to ${receiver.name}`, { field: 'to' });
    const who = actorLabel(actor);
    const id = await withTransaction(this.ctx.pool, async (db) => {
      const inserted = await this.offers.insert(
        { clusterId: cluster.id, fromTeamId: cluster.ownerTeamId, toTeamId: receiver.id, offeredBy: who, reason: reason ?? null },
        db,
      );
      if (!inserted)
        throw new ConflictError(`cluster ${cluster.name} already has a pending transfer offer: cancel it first`, { cluster: cluster.name });
      await this.ctx.repos.audit.record(
        {
          actor: who,
          action: 'cluster.transfer.offer',
          targetType: 'cluster',
          targetId: cluster.id,
          reason: reason ?? null,
          before: { owner: cluster.ownerTeamName },
          after: { offeredTo: receiver.name },
        },
        db,
      );
      return inserted;
    });
    return this.offers.get(id);
  }

  /** Accept or decline (the receiving team) or cancel (the offering team); the platform team may do each. */
  async decide(actor: Actor, ref: string, decision: Decision): Promise<TransferOffer> {
    const cluster = await this.cluster(ref);
    const who = actorLabel(actor);
    const id = await withTransaction(this.ctx.pool, async (db) => {
      const offer = await this.offers.pending(cluster.id, db, true);
      if (!offer) throw new NotFoundError('pending transfer offer for cluster', cluster.name);
      const decider =
        decision === 'cancel' ? { id: offer.fromTeamId, name: offer.fromTeamName } : { id: offer.toTeamId, name: offer.toTeamName };
      if (!actor.team.isPlatform && actor.team.id !== decider.id) {
        throw new ForbiddenError(
          `only team ${decider.name} (or the platform team) may ${decision} the transfer of cluster ${cluster.name}`,
          { team: actor.team.name },
        );
      }
      if (decision === 'accept') {
        // The cluster changed hands some other way since the offer: it no longer stands.
        const current = await this.ctx.repos.clusters.lock(cluster.id, db);
        if (current?.ownerTeamId !== offer.fromTeamId) {
          await this.offers.close(cluster.id, 'cancelled', who, db);
          throw new ConflictError(`cluster ${cluster.name} no longer belongs to ${offer.fromTeamName}; the offer is void`);
        }
        await this.ctx.repos.clusters.updateSettings(cluster.id, { ownerTeamId: offer.toTeamId }, db);
      }
      await this.offers.close(cluster.id, closedAs[decision], who, db);
      await this.ctx.repos.audit.record(
        {
          actor: who,
          action: `cluster.transfer.${decision}`,
          targetType: 'cluster',
          targetId: cluster.id,
          before: { owner: offer.fromTeamName },
          after: { owner: decision === 'accept' ? offer.toTeamName : offer.fromTeamName, offeredTo: offer.toTeamName },
        },
        db,
      );
      return offer.id;
    });
    if (decision === 'accept') await this.ctx.events.publish({ type: 'cluster', data: await this.cluster(cluster.id) });
    return this.offers.get(id);
  }
}
