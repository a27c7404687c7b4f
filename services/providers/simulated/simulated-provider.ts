import type { Pool } from '../../infra/db/pool';
import type { Clock } from '../../core/clock';
import type {
  ModelledFailover,
  ModelledSwitchover,
  NodeBackupRequest,
  NodeChange,
  NodeRequest,
  Provider,
  ProviderEvent,
  ProviderNode,
} from '../provider';
import { modelFailover } from './failover-model';
import { modelSwitchover } from './switchover-model';
import { MissingCapabilityError, type ProviderCapability } from '../capabilities';
import type { NodeObserver } from '../observed-node';
import type { NodeRole } from '../../core/types';
import { InputError, NotFoundError } from '../../core/errors';
import { planInstance, realMs, type SimulatorTime } from './instance-plan';
import { SIMULATED_KERNELS } from './randomness';
import { toProviderNode, type FailureKind, type SimInstanceRow } from './rows';
import type { SimulatedMetrics } from './metrics';
import { eventsBetween } from './sql/sim-events';
import type { SimEngine } from './sim-engine';
import type { BackupArtifact, EngineRegistry } from '../../core/engine-port';
import { checkChange, nodeChange, restartChange, startChange, type Change } from './lifecycle';
import { SimInstances } from './sql/sim-instances';
import { ClusterUsages } from './usage-track';
import { SimulatedObservations, type ObservedSimulatedNode, type SimulatedInstanceType } from './observations';
import { SimSnapshots } from './sql/sim-snapshots';
import { SimulatedSnapshots } from './snapshots';

export { FailureKinds, type FailureKind } from './rows';
export type { SimulatedMetrics } from './metrics';

/** The part of the regions file the simulator needs; a RegionsConfig fits. */
export interface SimulatedCloudShape {
  regions: ReadonlyMap<string, { zones: readonly string[]; provider?: string }>;
  instanceTypes: ReadonlyMap<string, SimulatedInstanceType>;
}

export interface SimulatedProviderOptions {
  pool: Pool;
  seed: number;
  /** Simulated seconds per real second: 60 turns a 2-minute boot into 2 s. */
  timeScale: number;
  clock: Clock;
  /** Its regions (those bound to the simulated provider take nodes) and instance types (for metrics). */
  regions: SimulatedCloudShape;
  /** Share of nodes that get a retirement notice 2-30 simulated days after launch; default 2 %. */
  retirementRate?: number;
  /** Where each engine's simulated profile and sizing come from: the engine adapters. */
  engines: Pick<EngineRegistry, 'get'>;
}

/**
 * A deterministic cloud of every engine. State lives in PostgreSQL so api and workers see one
 * fleet; node states follow lazily from the clock. Nothing real runs: hosts are private addresses
 * never contacted, so it does not declare runsRealServers: it observes its nodes itself and
 * everything it produces is labelled simulated. It sends no request to adopt servers elsewhere.
 */
export class SimulatedProvider implements Provider, NodeObserver {
  readonly kind = 'simulated' as const;
  readonly capabilities: ReadonlySet<ProviderCapability> = new Set<ProviderCapability>([
    'createsNodes',
    'destroysNodes',
    'restartsNodes',
    'changesVersion',
    'changesInstanceType',
    'changesKernel',
    'changesSettings',
    'copiesData',
    'switchesOver',
    'reportsEvents',
    'pricesNodes',
    'backsUpData',
    'growsDisks',
    'sizesNodes',
  ]);
  readonly observer: NodeObserver = this;
  private readonly time: SimulatorTime;
  private readonly instances: SimInstances;
  private readonly usages: ClusterUsages;
  private readonly snapshots: SimulatedSnapshots;
  private readonly observations: SimulatedObservations;

  constructor(private readonly options: SimulatedProviderOptions) {
    if (!(options.timeScale > 0)) throw new Error(`the simulator's time scale must be positive, not ${options.timeScale}`);
    this.time = { seed: options.seed, timeScale: options.timeScale, retirementRate: options.retirementRate ?? 0.02 };
    this.instances = new SimInstances(options.pool);
    this.usages = new ClusterUsages(options.pool, options.seed);
    this.observations = new SimulatedObservations({
      time: this.time,
      instances: this.instances,
      usages: this.usages,
      instanceTypes: options.regions.instanceTypes,
      engine: (name) => this.engine(name),
      now: () => this.now(),
    });
    this.snapshots = new SimulatedSnapshots({
      time: this.time,
      store: new SimSnapshots(options.pool),
      engine: (name) => this.engine(name),
      clusterNodes: (clusterId) => this.instances.list(clusterId),
      heldGb: async (row) => (await this.metrics(row.provider_id)).diskUsedGb,
    });
  }

  supportsEngine(): boolean {
    return true;
  }

  async availableVersions(): Promise<string[] | null> {
    return null;
  }

  kernelVersions(): readonly string[] {
    return SIMULATED_KERNELS;
  }

  private now(): Date {
    return this.options.clock.now();
  }

  private engine(name: string): SimEngine {
    return this.options.engines.get(name);
  }

  private assertPlace(region: string, zone: string): void {
    const entry = this.options.regions.regions.get(region);
    if (!entry || (entry.provider !== undefined && entry.provider !== 'simulated')) {
      throw new InputError(`region ${region} is not a simulated region`, { region });
    }
    if (!entry.zones.includes(zone)) throw new InputError(`zone ${zone} is not in region ${region}`, { region, zone, zones: entry.zones });
  }

  /**
   * A name seen before returns that node; a name whose node was terminated launches afresh. A node
   * made from a snapshot boots, then loads its part of the snapshot before it reads running.
   */
  async createNode(request: NodeRequest): Promise<ProviderNode> {
    this.assertPlace(request.region, request.zone);
    const now = this.now();
    const plan = planInstance(this.time, request, now, this.engine(request.engine).simulated.defaultPort);
    const restoreSeconds = await this.snapshots.restoreSeconds(request, now);
    plan.readyAt = new Date(plan.readyAt.getTime() + realMs(this.time, restoreSeconds));
    await this.instances.launch(request, plan);
    const node = await this.describeNode(request.name);
    if (!node) throw new Error(`simulated node ${request.name} vanished while being created`);
    return node;
  }

  async describeNode(providerId: string): Promise<ProviderNode | null> {
    const row = await this.instances.get(providerId);
    return row ? toProviderNode(row, this.now()) : null;
  }

  private async change(providerId: string, decide: (row: SimInstanceRow, now: Date) => Change): Promise<ProviderNode> {
    const now = this.now();
    return toProviderNode(await this.instances.change(providerId, now, (row) => decide(row, now)), now);
  }

  startNode(providerId: string): Promise<ProviderNode> {
    return this.change(providerId, (row, now) => startChange(this.time, row, now));
  }

  stopNode(providerId: string): Promise<ProviderNode> {
    return this.change(providerId, () => ({ set: { stopped: true } }));
  }

  restartNode(providerId: string): Promise<ProviderNode> {
    return this.change(providerId, (row, now) => restartChange(this.time, row, now));
  }

  /**
   * Updates the node's row in place and reboots it (a new instance type: stops and starts it) for a
   * simulated boot time; from then on its metrics follow the new version's speed. Any version string
   * is accepted (the simulator runs every catalog version); settings are accepted and have no effect,
   * since simulated engines have no configuration to restart with.
   */
  async changeNode(providerId: string, change: NodeChange): Promise<ProviderNode> {
    checkChange(change, this.options.regions.instanceTypes);
    return this.change(providerId, (row, now) => nodeChange(this.time, row, now, change));
  }

  destroyNode(providerId: string): Promise<void> {
    return this.instances.terminate(providerId, this.now());
  }

  /** Terminated nodes are listed too (as a cloud lists them for a while), reading 'terminated'. */
  async listNodes(filter: { clusterId?: string } = {}): Promise<ProviderNode[]> {
    const now = this.now();
    return (await this.instances.list(filter.clusterId ?? null)).map((r) => toProviderNode(r, now));
  }

  events(since: Date): Promise<ProviderEvent[]> {
    return eventsBetween(this.options.pool, since, this.now());
  }

  /** A crash reads 'failed' until a restart; disk_full and network_partition keep it running and show in metrics. */
  injectFailure(providerId: string, kind: FailureKind): Promise<ProviderNode> {
    return this.change(providerId, (row, now) =>
      row.failure === kind
        ? {}
        : { set: { failure: kind, failed_at: now }, events: [{ type: 'node_failed', at: now, detail: `injected failure: ${kind}` }] },
    );
  }

  /** The failure goes away by itself (the cloud healed the host); a crashed node is back at once. */
  clearFailure(providerId: string): Promise<ProviderNode> {
    return this.change(providerId, (row, now) =>
      row.failure === null
        ? {}
        : { set: { failure: null, failed_at: null }, events: [{ type: 'node_recovered', at: now, detail: `${row.failure} cleared` }] },
    );
  }

  /** A switchover: the node now plays this role (a replica reports replication lag, a primary does not). */
  setRole(providerId: string, role: NodeRole): Promise<ProviderNode> {
    return this.change(providerId, (row) => (row.role === role ? {} : { set: { role } }));
  }

  /** A switchover in the simulator is a change of role: the data was copied when the node was made. */
  async followPrimary(providerId: string, primary: { host: string; port: number } | null): Promise<void> {
    await this.setRole(providerId, primary ? 'replica' : 'primary');
  }

  /** The engine's HA manager as modelled (failover-model.ts); null for an engine without a model. */
  async modelledFailover(primaryProviderId: string): Promise<ModelledFailover | null> {
    const row = await this.instances.get(primaryProviderId);
    const model = row ? this.engine(row.engine).simulated.failover : undefined;
    return row && model ? modelFailover(this.time, model, row, await this.instances.list(row.cluster_id), this.now()) : null;
  }

  /** A planned switchover as the engine's modelled HA manager carries it out (switchover-model.ts); null without a model. */
  async modelledSwitchover(primaryProviderId: string, request: { askedAt: Date; to?: string }): Promise<ModelledSwitchover | null> {
    const row = await this.instances.get(primaryProviderId);
    const model = row ? this.engine(row.engine).simulated.failover : undefined;
    return row && model ? modelSwitchover(this.time, model, row, await this.instances.list(row.cluster_id), request, this.now()) : null;
  }

  /** Engines whose adapter models their snapshots (Cassandra, Elasticsearch); the real engines here are backed up for real. */
  backsUpEngine(engine: string): boolean {
    return this.engine(engine).simulated.snapshot !== undefined;
  }

  /** A snapshot of the node's whole cluster under one id, tagged with the backup operation's id. */
  async backUpNode(providerId: string, request: NodeBackupRequest): Promise<BackupArtifact | 'busy'> {
    const row = await this.instances.get(providerId);
    if (!row || row.terminated_at) throw new NotFoundError('simulated node', providerId);
    return this.snapshots.backUp(row, request.tag, this.now());
  }

  async expireBackups(providerId: string, keepFull: number): Promise<string[]> {
    const row = await this.instances.get(providerId);
    if (!row) throw new NotFoundError('simulated node', providerId);
    return this.snapshots.expire(row.cluster_id, keepFull, this.now());
  }

  adoptNode(): Promise<ProviderNode> {
    return Promise.reject(new MissingCapabilityError(this.kind, 'adoptsNodes'));
  }

  get timeScale(): number {
    return this.time.timeScale;
  }

  /** Like a cloud provider's notice: the provider stops the node itself at `deadline`. */
  scheduleRetirement(providerId: string, deadline: Date): Promise<ProviderNode> {
    return this.change(providerId, (_row, now) => ({
      set: { retirement_at: deadline },
      dropFuture: 'retirement_scheduled',
      events: [{ type: 'retirement_scheduled', at: now, deadline, detail: 'the underlying hardware is degraded' }],
    }));
  }

  /** Grows the volume online, as a cloud's volume resize does: no reboot, the data stays. */
  async growDisk(providerId: string, diskGb: number): Promise<{ diskGb: number }> {
    const row = await this.instances.get(providerId);
    if (!row || row.terminated_at) throw new NotFoundError('simulated node', providerId);
    if (!(diskGb > 0)) throw new InputError(`a disk must be larger than 0 GB, not ${diskGb}`, { diskGb });
    return { diskGb: await this.instances.growDisk(providerId, diskGb, this.observations.instanceOf(row).diskGb) };
  }

  metrics(providerId: string): Promise<SimulatedMetrics> {
    return this.observations.metrics(providerId);
  }

  /** Everything a health round needs of one cluster in one read (observations.ts). */
  observeCluster(clusterId: string): Promise<Map<string, ObservedSimulatedNode>> {
    return this.observations.observeCluster(clusterId);
  }

  async close(): Promise<void> {}
}
