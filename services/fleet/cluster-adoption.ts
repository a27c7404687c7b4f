import type { Pool } from '../infra/db/pool';
import type { Clock } from '../core/clock';
import type { RegionsConfig } from '../core/regions';
import type { EngineRegistry } from '../engines/registry';
import type { ProviderRegistry } from '../providers/registry';
import type { LiveEvents } from '../infra/queues/live-events';
import type { AuditRepository } from '../audit/audit-repository';
import type { ClusterRepository } from './sql/clusters';
import type { NodeRepository } from './sql/nodes';
import type { TeamRepository } from './sql/teams';
import type { Cluster, ClusterNode, NodeRole } from '../core/types';
import { NodeRoles } from '../core/types';
import type { ClusterRecord } from './sql/clusters';
import type { AdoptClusterRequest } from './cluster-adoption-request';
import type { ProbeResult } from '../engines/engine';
import type { Provider } from '../providers/provider';
import { isSimulated, requireCapabilities } from '../providers/capabilities';
import { actorLabel, assertPlatform, type Actor } from '../core/actor';
import { ConflictError, NotFoundError, UnprocessableError } from '../core/errors';
import { ProblemList } from '../core/request-problems';
import { newId } from '../core/ids';
import { withTransaction } from '../infra/db/pool';
import { defaultSla } from './defaults';
import { validateWindow } from './maintenance-window';

const isUniqueViolation = (error: unknown): boolean => (error as { code?: string }).code === '23505';
const nodeRole = (value: string | undefined): NodeRole | undefined => NodeRoles.find((r) => r === value);

/**
 * Adopts a cluster that already runs elsewhere: its servers are registered with the region's
 * provider (which must declare adoptsNodes) and the cluster is recorded ACTIVE, its credential
 * sealed, in one transaction — no operation runs, nothing on the servers changes. From then on it
 * is inventoried, health-streamed, benchmarked and forecast like any other cluster; what its
 * provider cannot do is refused when asked for. Platform team only.
 */
export interface AdoptionDeps {
  pool: Pool;
  clock: Clock;
  regions: RegionsConfig;
  engines: EngineRegistry;
  providers: ProviderRegistry;
  events: LiveEvents;
  repos: { clusters: ClusterRepository; nodes: NodeRepository; teams: TeamRepository; audit: AuditRepository };
}

type Team = NonNullable<Awaited<ReturnType<TeamRepository['find']>>>;

export class ClusterAdoption {
  constructor(private readonly ctx: AdoptionDeps) {}

  async adopt(actor: Actor, request: AdoptClusterRequest): Promise<ClusterRecord> {
    assertPlatform(actor, 'adopt a cluster');
    const { provider, owner, zones } = await this.check(request);
    const engine = this.ctx.engines.get(request.engine);
    const credentials = { username: engine.adminUsername, password: request.credentials.password };
    const names = request.endpoints.map((_, i) => `${request.name}-${request.region}-${i}`);
    // Every server must answer the engine's own probe with the credential before anything is stored.
    const probes = await Promise.all(
      request.endpoints.map((e, i) => engine.probe({ name: names[i]!, host: e.host, port: e.port, role: e.role ?? 'member' }, credentials)),
    );
    this.assertAnswered(request, probes);
    const version = request.version ?? probes.find((p) => p.version)?.version;
    if (!version)
      throw new UnprocessableError(`the servers do not report their ${request.engine} version: give version`, { field: 'version' });
    const layout = engine.roles(request.endpoints.length);
    const environment = request.environment ?? 'prod';
    const planned = engine.planSpec({ expectedDataGb: request.expectedDataGb ?? 1, regionCount: 1, environment, availableVersions: null }, [
      ...this.ctx.regions.instanceTypes.values(),
    ]);
    const now = this.ctx.clock.now();
    const cluster: Cluster = {
      id: newId(),
      name: request.name,
      engine: request.engine,
      environment,
      regions: [request.region],
      ownerTeamId: owner.id,
      ownerTeamName: owner.name,
      contacts: request.contacts ?? [owner.email],
      expectedDataGb: request.expectedDataGb ?? 1,
      spec: { ...planned, version, nodesPerRegion: request.endpoints.length, instanceType: request.instanceType ?? planned.instanceType },
      status: 'ACTIVE',
      statusReason: `adopted: runs outside Datafleet (provider ${provider.kind})`,
      sla: request.sla ?? defaultSla(environment),
      maintenanceWindow: request.maintenanceWindow ?? null,
      tags: request.tags ?? {},
      simulated: isSimulated(provider),
      createdAt: now,
      updatedAt: now,
    };
    const adopted = await Promise.all(
      request.endpoints.map((e, i) =>
        provider.adoptNode({
          name: names[i]!,
          clusterId: cluster.id,
          engine: request.engine,
          version: probes[i]!.version ?? version,
          region: request.region,
          zone: e.zone ?? zones[0]!,
          role: e.role ?? nodeRole(probes[i]!.role) ?? layout[i]!,
          host: e.host,
          port: e.port,
        }),
      ),
    );
    const who = actorLabel(actor);
    try {
      await withTransaction(this.ctx.pool, async (db) => {
        await this.ctx.repos.clusters.insert(cluster, request.credentials.password, db);
        const nodes: ClusterNode[] = [];
        for (const [i, node] of adopted.entries()) {
          nodes.push(
            await this.ctx.repos.nodes.upsert(
              {
                clusterId: cluster.id,
                name: node.name,
                region: node.region,
                zone: node.zone,
                role: request.endpoints[i]!.role ?? nodeRole(probes[i]!.role) ?? layout[i]!,
                provider: provider.kind,
                providerId: node.providerId,
                host: node.host,
                port: node.port,
                state: node.state,
                softwareVersion: node.softwareVersion,
                kernelVersion: node.kernelVersion,
                instanceType: cluster.spec.instanceType,
                simulated: cluster.simulated,
                launchedAt: node.launchedAt,
              },
              db,
            ),
          );
        }
        await this.ctx.repos.audit.record(
          {
            actor: who,
            action: 'cluster.adopt',
            targetType: 'cluster',
            targetId: cluster.id,
            reason: null,
            after: {
              name: cluster.name,
              engine: cluster.engine,
              owner: owner.name,
              region: request.region,
              version,
              endpoints: nodes.map((n) => `${n.host}:${n.port} ${n.role}`),
            },
          },
          db,
        );
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConflictError(`a cluster or node named ${request.name} already exists`, [
          { path: 'body/name', message: `${request.name} is taken` },
        ]);
      throw error;
    }
    await this.ctx.repos.clusters.refreshNodeStats(cluster.id, 0);
    const record = await this.ctx.repos.clusters.find(cluster.id);
    if (!record) throw new NotFoundError('cluster', cluster.id);
    await this.ctx.events.publish({ type: 'cluster', data: record });
    return record;
  }

  /** Every problem of the request in one answer; a region whose provider cannot adopt is a 422 naming the capability. */
  private async check(request: AdoptClusterRequest): Promise<{ provider: Provider; owner: Team; zones: readonly string[] }> {
    const problems = new ProblemList();
    const owner = await this.ctx.repos.teams.find(request.owner);
    if (!owner) problems.add({ path: 'body/owner', message: `unknown owner "${request.owner}": give a team name or a team's email` });
    const region = this.ctx.regions.regions.get(request.region);
    const adopting = [...this.ctx.regions.regions.values()]
      .filter((r) => this.ctx.providers.forRegion(r.name).capabilities.has('adoptsNodes'))
      .map((r) => r.name);
    if (!region)
      problems.add({
        path: 'body/region',
        message: `unknown region ${request.region}; regions that adopt servers: ${adopting.join(', ') || 'none'}`,
        allowed: adopting,
      });
    // The request schema has already checked the name against the registry.
    const engine = this.ctx.engines.get(request.engine);
    if (request.credentials.username !== undefined && request.credentials.username !== engine.adminUsername) {
      problems.add({
        path: 'body/credentials/username',
        message: `Datafleet logs in to ${request.engine} as ${engine.adminUsername}: create that login on the servers and give its password`,
        allowed: [engine.adminUsername],
      });
    }
    const addresses = request.endpoints.map((e) => `${e.host}:${e.port}`);
    if (new Set(addresses).size !== addresses.length) problems.add({ path: 'body/endpoints', message: 'endpoints must not repeat' });
    if (region) {
      const bad = request.endpoints.filter((e) => e.zone !== undefined && !region.zones.includes(e.zone));
      if (bad.length > 0)
        problems.add({
          path: 'body/endpoints',
          message: `zones not in region ${region.name}: ${bad.map((e) => e.zone).join(', ')}`,
          allowed: region.zones,
        });
    }
    const primaries = request.endpoints.filter((e) => e.role === 'primary').length;
    if (primaries > 1) problems.add({ path: 'body/endpoints', message: 'at most one endpoint is the primary' });
    if (request.instanceType && !this.ctx.regions.instanceTypes.has(request.instanceType)) {
      problems.add({
        path: 'body/instanceType',
        message: `unknown instance type "${request.instanceType}"`,
        allowed: [...this.ctx.regions.instanceTypes.keys()],
      });
    }
    const window = request.maintenanceWindow;
    if (window) await problems.check('body/maintenanceWindow/timeZone', () => validateWindow(window));
    if (await this.ctx.repos.clusters.nameTaken(request.name))
      problems.conflict({ path: 'body/name', message: `a cluster named ${request.name} already exists`, name: request.name });
    problems.throwIfAny();
    if (!owner || !region) throw new Error('an adopt request passed its checks without an owner or a region');
    const provider = this.ctx.providers.forRegion(region.name);
    requireCapabilities(
      provider,
      ['adoptsNodes'],
      `region ${region.name} cannot take a cluster that runs elsewhere; use one of: ${adopting.join(', ') || 'none configured'}`,
    );
    if (!provider.supportsEngine(request.engine))
      throw new UnprocessableError(`region ${region.name} cannot hold ${request.engine} servers`, { region: region.name });
    return { provider, owner, zones: region.zones };
  }

  private assertAnswered(request: AdoptClusterRequest, probes: ProbeResult[]): void {
    const silent = probes.map((p, i) => ({ p, e: request.endpoints[i]! })).filter(({ p }) => !p.up);
    if (silent.length === 0) return;
    const detail = silent.map(({ p, e }) => `${e.host}:${e.port}: ${p.error ?? 'no answer'}`).join('; ');
    throw new UnprocessableError(
      `not adopted: ${silent.length} of ${probes.length} servers do not answer the ${request.engine} probe with the given credentials (${detail})`,
      { endpoints: silent.map(({ p, e }) => ({ host: e.host, port: e.port, error: p.error ?? 'no answer' })) },
    );
  }
}
