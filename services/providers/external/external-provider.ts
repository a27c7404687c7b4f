import type { Clock } from '../../core/clock';
import type { AdoptedNodeRequest, NodeChange, NodeRequest, Provider, ProviderEvent, ProviderNode } from '../provider';
import { MissingCapabilityError, type ProviderCapability } from '../capabilities';
import { InputError } from '../../core/errors';
import { decodeNodeId, encodeNodeId, type ExternalNodeFacts } from './node-id';
import { accepts } from './reachability';

export interface ExternalProviderOptions {
  clock: Clock;
  /** The regions bound to this provider and their zones (a RegionsConfig fits). */
  regions: { regions: ReadonlyMap<string, { zones: readonly string[]; provider?: string }> };
}

/**
 * Servers that run outside Datafleet — an organisation's clusters before Datafleet, the Cassandra
 * and Elasticsearch of `docker compose --profile engines` — adopted by their endpoints. Their nodes
 * are real servers (probed, benchmarked and measured like local ones), but this provider cannot
 * create, destroy, restart or change them, nor switch a primary over: each such call is refused
 * with MissingCapabilityError, and a decommission forgets the cluster without touching its servers.
 * It keeps no state: a node's provider id carries its endpoint (node-id.ts).
 */
export class ExternalProvider implements Provider {
  readonly kind = 'external' as const;
  readonly capabilities: ReadonlySet<ProviderCapability> = new Set<ProviderCapability>(['runsRealServers', 'adoptsNodes']);

  constructor(private readonly options: ExternalProviderOptions) {}

  /** Any engine may run elsewhere; the adoption's probe is what tells whether it answers. */
  supportsEngine(): boolean {
    return true;
  }

  /** It installs nothing: the servers run what they run. */
  async availableVersions(): Promise<string[]> {
    return [];
  }

  /** It boots nothing, so a kernel upgrade has nothing to choose from. */
  kernelVersions(): readonly string[] {
    return [];
  }

  async adoptNode(request: AdoptedNodeRequest): Promise<ProviderNode> {
    const entry = this.options.regions.regions.get(request.region);
    if (!entry || (entry.provider !== undefined && entry.provider !== this.kind))
      throw new InputError(`region ${request.region} is not an external region`, { region: request.region });
    if (!entry.zones.includes(request.zone))
      throw new InputError(`zone ${request.zone} is not in region ${request.region}`, { zone: request.zone, zones: entry.zones });
    return this.describe({ ...request, adoptedAt: this.options.clock.now().getTime() });
  }

  async describeNode(providerId: string): Promise<ProviderNode | null> {
    const facts = decodeNodeId(providerId);
    return facts ? this.describe(facts) : null;
  }

  /** The inventory is the only list of adopted servers: this provider keeps none. */
  async listNodes(): Promise<ProviderNode[]> {
    return [];
  }

  /** Nobody here sends retirement notices for servers that run elsewhere. */
  async events(): Promise<ProviderEvent[]> {
    return [];
  }

  createNode(request: NodeRequest): Promise<ProviderNode> {
    return this.refuse('createsNodes', `create ${request.name}`);
  }

  destroyNode(providerId: string): Promise<void> {
    return this.refuse('destroysNodes', this.nameOf(providerId));
  }

  startNode(providerId: string): Promise<ProviderNode> {
    return this.refuse('restartsNodes', this.nameOf(providerId));
  }

  stopNode(providerId: string): Promise<ProviderNode> {
    return this.refuse('restartsNodes', this.nameOf(providerId));
  }

  restartNode(providerId: string): Promise<ProviderNode> {
    return this.refuse('restartsNodes', this.nameOf(providerId));
  }

  changeNode(providerId: string, change: NodeChange): Promise<ProviderNode> {
    const capability: ProviderCapability = change.version
      ? 'changesVersion'
      : change.instanceType
        ? 'changesInstanceType'
        : change.kernelVersion
          ? 'changesKernel'
          : 'changesSettings';
    return this.refuse(capability, this.nameOf(providerId));
  }

  followPrimary(providerId: string): Promise<void> {
    return this.refuse('switchesOver', this.nameOf(providerId));
  }

  async close(): Promise<void> {}

  private nameOf(providerId: string): string {
    return decodeNodeId(providerId)?.name ?? providerId;
  }

  private refuse(capability: ProviderCapability, what: string): Promise<never> {
    return Promise.reject(new MissingCapabilityError(this.kind, capability, `${what} runs outside Datafleet`));
  }

  /** A server that accepts connections reads running; one that does not, failed (it is not ours to know why). */
  private async describe(facts: ExternalNodeFacts): Promise<ProviderNode> {
    const up = await accepts(facts.host, facts.port);
    return {
      providerId: encodeNodeId(facts),
      name: facts.name,
      region: facts.region,
      zone: facts.zone,
      host: facts.host,
      port: facts.port,
      state: up ? 'running' : 'failed',
      engine: facts.engine,
      softwareVersion: facts.version,
      kernelVersion: 'unknown',
      instanceType: 'external',
      launchedAt: new Date(facts.adoptedAt),
    };
  }
}
