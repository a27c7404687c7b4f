import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { release } from 'node:os';
import type { EngineName } from '../../core/types';
import type { NodeBackupRequest, NodeChange, NodeRequest, NodeRestoreRequest, Provider, ProviderEvent, ProviderNode } from '../provider';
import { MissingCapabilityError } from '../capabilities';
import { ConflictError, InputError, NotFoundError, UnprocessableError } from '../../core/errors';
import { LOCKS_DIR, NodeFiles, newNodeRecord, type LocalNodeRecord } from './node-files';
import { withNodeLock } from './node-lock';
import { pickFreePort } from './ports';
import type { BackupArtifact, LocalRecipe } from '../../core/engine-port';
import { LocalNodeBackups } from './node-backups';
import { NodeProcesses } from './node-processes';
import { FailoverManagerLifecycle } from './failover-manager-lifecycle';
import { LocalNodeChanges } from './node-changes';
import type { FailoverManagerInfo } from '../../core/types';
import type { FailoverManagerRequest } from '../provider';
import { LOCAL_CAPABILITIES, type LocalProviderOptions } from './local-provider-options';

export type { LocalProviderOptions } from './local-provider-options';

/** Node names become directory names: nothing that could climb out of the data root. */
const NODE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Real engine processes on 127.0.0.1: one process, port and directory per node. The node's record
 * (node.json) lives beside its data, so any control-plane process on this machine (a replacement
 * worker, the api) can find, restart and destroy a node another one made. createNode waits up to
 * `startWaitMs` (10 s) for the server to answer; a slower one is returned 'pending' and
 * describeNode reports 'running' once it answers. events() is always empty: a machine of our own
 * sends no retirement notices.
 */
export class LocalProvider implements Provider {
  readonly kind = 'local' as const;
  readonly capabilities = LOCAL_CAPABILITIES;
  private readonly dataRoot: string;
  private readonly backupRoot: string;
  private readonly files: NodeFiles;
  private readonly recipes: ReadonlyMap<EngineName, LocalRecipe>;
  private readonly processes: NodeProcesses;
  private readonly backups: LocalNodeBackups;
  private readonly failoverManagers: FailoverManagerLifecycle;
  private readonly changes: LocalNodeChanges;

  constructor(private readonly options: LocalProviderOptions) {
    this.dataRoot = resolve(options.dataRoot);
    this.backupRoot = resolve(options.backupRoot ?? join(this.dataRoot, '..', 'backups'));
    this.files = new NodeFiles(this.dataRoot);
    this.recipes = new Map(
      options.engines.all().flatMap((engine) => (engine.localRecipe ? [[engine.name, engine.localRecipe()] as const] : [])),
    );
    this.processes = new NodeProcesses(this.files, this.recipes, options.clock, options.startWaitMs ?? 10_000);
    this.backups = new LocalNodeBackups({
      dataRoot: this.dataRoot,
      backupRoot: this.backupRoot,
      files: this.files,
      recipes: this.recipes,
      processes: this.processes,
      mustRead: (name) => this.mustRead(name),
      locked: (name, fn) => this.locked(name, fn),
    });
    this.failoverManagers = new FailoverManagerLifecycle({
      dataRoot: this.dataRoot,
      backupRoot: this.backupRoot,
      files: this.files,
      recipes: this.recipes,
      processes: this.processes,
      managersOff: options.managersOff,
      nodePorts: () => this.nodePorts(),
      locked: (name, fn) => this.locked(name, fn),
    });
    this.changes = new LocalNodeChanges({
      files: this.files,
      managedNodes: this.failoverManagers.managedNodes,
      recipes: this.recipes,
      processes: this.processes,
      mustRead: (name) => this.mustRead(name),
      locked: (name, fn) => this.locked(name, fn),
    });
  }

  /** Every port a node has recorded, its manager's API port included. */
  private nodePorts(): Set<number> {
    return new Set(this.files.all().flatMap((r) => (r.apiPort === undefined ? [r.port] : [r.port, r.apiPort])));
  }

  supportsEngine(engine: EngineName): boolean {
    return this.recipes.get(engine)?.installedVersion() != null;
  }

  async availableVersions(engine: EngineName): Promise<string[] | null> {
    return this.recipes.get(engine)?.versions() ?? [];
  }

  /** Local nodes run on this machine's kernel and no other. */
  kernelVersions(): readonly string[] {
    return [release()];
  }

  /** The node runs the version asked for when it is installed here, else the default install. */
  async createNode(request: NodeRequest): Promise<ProviderNode> {
    if (!NODE_NAME.test(request.name))
      throw new InputError(`node name ${request.name} is not usable as a directory name`, { name: request.name });
    const recipe = this.recipes.get(request.engine);
    const version = recipe?.versions().includes(request.version) ? request.version : recipe?.installedVersion();
    if (!recipe || !version)
      throw new UnprocessableError(`the local provider cannot run ${request.engine} on this machine`, { engine: request.engine });
    await this.locked(request.name, async () => {
      let record = this.files.read(request.name);
      if (record && record.engine !== request.engine) {
        throw new ConflictError(`local node ${request.name} already exists as a ${record.engine} node`, { name: request.name });
      }
      if (!record) {
        // The port is recorded before anything starts, so a retry reuses it instead of picking another.
        record = newNodeRecord(request, version, await pickFreePort(this.failoverManagers.takenPorts()), this.options.clock.now());
        this.files.write(record);
      }
      await recipe.prepare({
        dataRoot: this.dataRoot,
        backupRoot: this.backupRoot,
        dir: this.files.dir(record.name),
        port: record.port,
        request,
        version: record.version,
      });
      await this.failoverManagers.adoptNewNode(recipe, record, request.password);
      await this.processes.ensureStarted(this.files.read(record.name) ?? record);
    });
    return this.processes.awaitAnswer(request.name);
  }

  async describeNode(providerId: string): Promise<ProviderNode | null> {
    const record = this.read(providerId);
    return record ? this.describe(record) : null;
  }

  async startNode(providerId: string): Promise<ProviderNode> {
    await this.locked(providerId, () => this.processes.ensureStarted(this.mustRead(providerId)));
    return this.processes.awaitAnswer(providerId);
  }

  async stopNode(providerId: string): Promise<ProviderNode> {
    await this.locked(providerId, () => this.processes.stop(this.mustRead(providerId)));
    return this.describe(this.mustRead(providerId));
  }

  async restartNode(providerId: string): Promise<ProviderNode> {
    await this.locked(providerId, async () => {
      await this.processes.stop(this.mustRead(providerId));
      await this.processes.ensureStarted(this.mustRead(providerId));
    });
    return this.processes.awaitAnswer(providerId);
  }

  /** See LocalNodeChanges.change: a server that will not start on the change is put back as it was. */
  async changeNode(providerId: string, change: NodeChange): Promise<ProviderNode> {
    await this.changes.change(providerId, change);
    return this.describe(this.mustRead(providerId));
  }

  /**
   * Records the node's new disk quota. Local nodes share this machine's filesystem: nothing is
   * resized, and the data directory may fill the machine's disk whatever the quota says.
   */
  async growDisk(providerId: string, diskGb: number): Promise<{ diskGb: number }> {
    if (!(diskGb > 0)) throw new InputError(`a disk must be larger than 0 GB, not ${diskGb}`, { diskGb });
    return this.locked(providerId, async () => {
      const record = this.mustRead(providerId);
      const grown = Math.max(record.diskQuotaGb ?? 0, diskGb);
      if (grown !== record.diskQuotaGb) this.files.write({ ...record, diskQuotaGb: grown });
      return { diskGb: grown };
    });
  }

  async destroyNode(providerId: string): Promise<void> {
    if (!NODE_NAME.test(providerId)) return;
    await this.locked(providerId, async () => {
      await this.processes.killAll(providerId, this.files.read(providerId));
      rmSync(this.files.dir(providerId), { recursive: true, force: true });
    });
  }

  /**
   * Which node a local node follows (null: it is a primary now), kept in node.json and in the
   * engine's own configuration (the recipe's recordPrimary) so a restart keeps a switchover. The
   * runtime change is the engine adapter's switchover, made with the cluster's credentials, which
   * this provider never keeps.
   */
  async followPrimary(providerId: string, primary: { host: string; port: number } | null): Promise<void> {
    if (!NODE_NAME.test(providerId)) throw new NotFoundError('local node', providerId);
    await this.locked(providerId, async () => {
      const record = this.mustRead(providerId);
      const recipe = this.recipes.get(record.engine);
      if (!recipe?.recordPrimary)
        throw new UnprocessableError(`a local ${record.engine} node cannot change the node it follows`, { name: providerId });
      recipe.recordPrimary(this.files.dir(providerId), primary);
      this.files.write({ ...record, role: primary ? 'replica' : 'primary', primary });
    });
  }

  backsUpEngine(engine: EngineName): boolean {
    return this.backups.backsUpEngine(engine);
  }

  backUpNode(providerId: string, request: NodeBackupRequest): Promise<BackupArtifact | 'busy'> {
    return this.backups.backUp(providerId, request);
  }

  expireBackups(providerId: string, keepFull: number): Promise<string[]> {
    return this.backups.expire(providerId, keepFull);
  }

  async restoreNodeInPlace(providerId: string, request: NodeRestoreRequest): Promise<ProviderNode> {
    await this.backups.restoreInPlace(providerId, request);
    return this.processes.awaitAnswer(providerId);
  }

  ensureFailoverManager(request: FailoverManagerRequest): Promise<FailoverManagerInfo | { unavailable: string }> {
    return this.failoverManagers.ensure(request);
  }

  failoverManagerUnavailable(engine: EngineName): string | null {
    return this.failoverManagers.unavailable(engine);
  }

  releaseFailoverManagedNodes(clusterId: string, primary: { host: string; port: number }): Promise<boolean> {
    return this.failoverManagers.releaseNodes(clusterId, primary.port);
  }

  destroyFailoverManager(clusterId: string): Promise<void> {
    return this.failoverManagers.destroy(clusterId);
  }

  /** The clusters whose HA manager runs here (to stop them all). */
  failoverManagedClusters(): string[] {
    return this.failoverManagers.clusters();
  }

  /** The pids of a cluster's running HA manager processes (to take its quorum away in a test or benchmark). */
  failoverManagerPids(clusterId: string): number[] {
    return this.failoverManagers.pids(clusterId);
  }

  adoptNode(): Promise<ProviderNode> {
    return Promise.reject(new MissingCapabilityError(this.kind, 'adoptsNodes'));
  }

  async listNodes(filter: { clusterId?: string } = {}): Promise<ProviderNode[]> {
    const records = this.files.all().filter((r) => !filter.clusterId || r.clusterId === filter.clusterId);
    return Promise.all(records.map((r) => this.describe(r)));
  }

  async events(): Promise<ProviderEvent[]> {
    return [];
  }

  async close(): Promise<void> {}

  private async describe(record: LocalNodeRecord): Promise<ProviderNode> {
    return this.processes.toNode(record, await this.processes.state(record));
  }

  private read(providerId: string): LocalNodeRecord | null {
    return NODE_NAME.test(providerId) ? this.files.read(providerId) : null;
  }

  private mustRead(providerId: string): LocalNodeRecord {
    const record = this.read(providerId);
    if (!record) throw new NotFoundError('local node', providerId);
    return record;
  }

  private locked<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return withNodeLock(join(this.dataRoot, LOCKS_DIR), name, fn);
  }
}
