import type { ClientConnection, EngineRegistry } from '../core/engine-port';
import { findCluster } from './find-cluster';
import type { EngineName } from '../core/types';
import type { ProviderRegistry } from '../providers/registry';
import type { AuditRepository } from '../audit/audit-repository';
import type { ClustersPort, NodesPort } from './ports';
import { actorLabel, type Actor } from '../core/actor';
import { ConflictError, ForbiddenError, UnprocessableError } from '../core/errors';
import { endpointsOf } from './node-endpoints';

/** What connection details need: the cluster, its nodes, its engine and provider, its credential and the audit trail. */
export interface ConnectionDeps {
  engines: EngineRegistry;
  providers: Pick<ProviderRegistry, 'forRegion'>;
  repos: {
    audit: Pick<AuditRepository, 'record'>;
    clusters: Pick<ClustersPort, 'find' | 'password'>;
    nodes: Pick<NodesPort, 'forCluster'>;
  };
}

export interface ConnectionDetails extends Omit<ClientConnection, 'failoverManager'> {
  failoverManager: NonNullable<ClientConnection['failoverManager']> | null;
  cluster: { id: string; name: string };
  engine: EngineName;
  simulated: boolean;
  /** Whether the password is in this answer (and in its URI and command). */
  revealed: boolean;
  /** The password itself, only when revealed; null otherwise and where the engine has no login. */
  password: string | null;
}

/**
 * The cluster's admin connection for the team that owns it and the platform team: a URI per
 * engine, its hosts and the engine's own client command. The password is masked unless a reveal is
 * asked for, and every reveal is written to the cluster's audit trail before the password leaves.
 * Applications get users of their own (the users API); this is the login the control plane uses.
 */
export class ConnectionService {
  constructor(private readonly ctx: ConnectionDeps) {}

  async details(actor: Actor, ref: string, reveal: boolean): Promise<ConnectionDetails> {
    const cluster = await findCluster(this.ctx.repos.clusters, ref);
    await this.assertMayConnect(actor, cluster, reveal);
    if (cluster.status === 'DECOMMISSIONED' || cluster.status === 'DECOMMISSIONING')
      throw new ConflictError(`cluster ${cluster.name} is ${cluster.status.toLowerCase()}: there is nothing to connect to`, {
        status: cluster.status,
      });
    const nodes = endpointsOf(await this.ctx.repos.nodes.forCluster(cluster.id));
    if (nodes.length === 0)
      throw new ConflictError(`cluster ${cluster.name} has no node with an address yet (${cluster.status}); ask again once it is ACTIVE`, {
        status: cluster.status,
      });
    const engine = this.ctx.engines.get(cluster.engine);
    const masked = engine.connection(nodes, { username: engine.adminUsername, password: null }, cluster.failoverManager);
    // An engine without a login has nothing to reveal; the request is still recorded as asked.
    const password = reveal && masked.username !== null ? await this.revealablePassword(cluster) : null;
    if (reveal) {
      await this.ctx.repos.audit.record({
        actor: actorLabel(actor),
        action: 'cluster.connection.reveal',
        targetType: 'cluster',
        targetId: cluster.id,
        after: { username: masked.username, engine: cluster.engine },
      });
    }
    const connection =
      password === null ? masked : engine.connection(nodes, { username: engine.adminUsername, password }, cluster.failoverManager);
    return {
      ...connection,
      notes:
        connection.username === null
          ? connection.notes
          : [
              ...connection.notes,
              `This is the cluster's admin login. Give each application a user of its own: GET/POST /api/clusters/${cluster.name}/users.`,
            ],
      failoverManager: connection.failoverManager ?? null,
      cluster: { id: cluster.id, name: cluster.name },
      engine: cluster.engine,
      simulated: cluster.simulated,
      revealed: password !== null,
      password,
    };
  }

  /** The owning team and the platform team only; a refusal is audited, as a probe for credentials. */
  private async assertMayConnect(actor: Actor, cluster: { id: string; name: string; ownerTeamId: string }, reveal: boolean) {
    if (actor.team.isPlatform || actor.team.id === cluster.ownerTeamId) return;
    const message = `team ${actor.team.name} may not read the connection details of cluster ${cluster.name}: it belongs to another team`;
    await this.ctx.repos.audit.record({
      actor: actorLabel(actor),
      action: 'cluster.connection.refused',
      targetType: 'cluster',
      targetId: cluster.id,
      reason: message,
      after: { reveal },
    });
    throw new ForbiddenError(message, { team: actor.team.name });
  }

  /**
   * An adopted cluster's password is the one its servers had before Datafleet, handed over by the
   * platform team to be checked and sealed, and it is never given back: whoever needs it asks its
   * owners, not Datafleet.
   */
  private async revealablePassword(cluster: { id: string; name: string; regions: string[] }): Promise<string> {
    const region = cluster.regions[0];
    if (region !== undefined && this.ctx.providers.forRegion(region).capabilities.has('adoptsNodes'))
      throw new UnprocessableError(
        `cluster ${cluster.name} was adopted: its password is the one its servers already had and is never returned; ask whoever runs those servers`,
        { adopted: true },
      );
    return this.ctx.repos.clusters.password(cluster.id);
  }
}
