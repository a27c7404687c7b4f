import type { Clock } from '../../core/clock';
import type { AdoptedNodeRequest, NodeBackupRequest, NodeChange, NodeRequest, Provider, ProviderEvent, ProviderNode } from '../provider';
import type { BackupArtifact } from '../../core/engine-port';
import type { EngineName } from '../../core/types';
import { MissingCapabilityError, type ProviderCapability } from '../capabilities';
import { InputError } from '../../core/errors';
import { decodeNodeId, encodeNodeId, type ExternalNodeFacts } from './node-id';
import { accepts } from './reachability';
import { backedUpElsewhere, backedUpEngines, expireAdoptedSnapshots, snapshotAdoptedNode } from './elasticsearch/adopted-snapshots';

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
 * It backs up Elasticsearch through the server's own `_snapshot` API (elasticsearch/); other engines'
 * backups are refused naming where they are made instead (Cassandra: Medusa).
 * It keeps no state: a node's provider id carries its endpoint (node-id.ts).
 */
export class ExternalProvider implements Provider {
  readonly kind = 'external' as const;
  readonly capabilities: ReadonlySet<ProviderCapability> = new Set<ProviderCapability>(['runsRealServers', 'adoptsNodes', 'backsUpData']);

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

  backsUpEngine(engine: EngineName): boolean {
    return backedUpEngines.has(engine);
  }

  backupElsewhere(engine: EngineName): string | null {
    return backedUpElsewhere(engine);
  }

  async backUpNode(providerId: string, request: NodeBackupRequest): Promise<BackupArtifact | 'busy'> {
    const node = this.backedUpNode(providerId);
    return snapshotAdoptedNode(node, request);
  }

  async expireBackups(providerId: string, keepFull: number, login?: { username: string; password: string }): Promise<string[]> {
    const node = this.backedUpNode(providerId);
    if (!login) throw new InputError(`expiring snapshots of ${node.name} needs the cluster's admin login`);
    return expireAdoptedSnapshots(node, keepFull, login);
  }

  /** A node of an engine this provider snapshots; otherwise the refusal names where its backups are made. */
  private backedUpNode(providerId: string) {
    const node = decodeNodeId(providerId);
    if (!node) throw new InputError(`${providerId} is not an adopted node`);
    if (!backedUpEngines.has(node.engine))
      throw new MissingCapabilityError(this.kind, 'backsUpData', `${node.engine} nodes: ${backedUpElsewhere(node.engine) ?? ''}`);
    return node;
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
