import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { release } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import type { Clock } from '../../core/clock';
import type { EngineName } from '../../core/types';
import type { NodeBackupRequest, NodeChange, NodeRequest, Provider, ProviderEvent, ProviderNode } from '../provider';
import { MissingCapabilityError, type ProviderCapability } from '../capabilities';
import { ConflictError, InputError, NotFoundError, UnprocessableError } from '../../core/errors';
import { LOCKS_DIR, NodeFiles, type LocalNodeRecord } from './node-files';
import { withNodeLock } from './node-lock';
import { pickFreePort } from './ports';
import type { BackupArtifact, EngineRegistry, LocalBackups, LocalRecipe } from '../../core/engine-port';
import { NodeProcesses } from './node-processes';

export interface LocalProviderOptions {
  /** Each node lives in <dataRoot>/<node name>/. */
  dataRoot: string;
  /** The backup repository of every local cluster (DATAFLEET_BACKUP_DIR); default `backups` beside the data root. */
  backupRoot?: string;
  clock: Clock;
  /** The engines whose local recipes this provider runs (each adapter says how to run its node as a process). */
  engines: Pick<EngineRegistry, 'all'>;
  /** How long create/start/restart wait for the server to answer before returning it 'pending'. */
  startWaitMs?: number;
}

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
  // No reportsEvents (our own machine sends no notices), no pricesNodes (processes here cost
  // nothing), no adoptsNodes (servers elsewhere belong to the external provider).
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
    'runsRealServers',
    'backsUpData',
  ]);
  private readonly dataRoot: string;
  private readonly backupRoot: string;
  private readonly files: NodeFiles;
  private readonly recipes: ReadonlyMap<EngineName, LocalRecipe>;
  private readonly processes: NodeProcesses;

  constructor(private readonly options: LocalProviderOptions) {
    this.dataRoot = resolve(options.dataRoot);
    this.backupRoot = resolve(options.backupRoot ?? join(this.dataRoot, '..', 'backups'));
    this.files = new NodeFiles(this.dataRoot);
    this.recipes = new Map(
      options.engines.all().flatMap((engine) => (engine.localRecipe ? [[engine.name, engine.localRecipe()] as const] : [])),
    );
    this.processes = new NodeProcesses(this.files, this.recipes, options.clock, options.startWaitMs ?? 10_000);
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
        record = this.newRecord(request, version, await pickFreePort(new Set(this.files.all().map((r) => r.port))));
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
      this.processes.ensureStarted(record);
    });
    return this.processes.awaitAnswer(request.name);
  }

  private newRecord(request: NodeRequest, version: string, port: number): LocalNodeRecord {
    return {
      name: request.name,
      clusterId: request.clusterId,
      clusterName: request.clusterName,
      engine: request.engine,
      role: request.role,
      primary: request.role === 'replica' && request.primary ? { host: request.primary.host, port: request.primary.port } : null,
      region: request.region,
      zone: request.zone,
      instanceType: request.instanceType,
      version,
      port,
      pid: null,
      stopped: false,
      launchedAt: this.options.clock.now().toISOString(),
      startedAt: null,
    };
  }

  async describeNode(providerId: string): Promise<ProviderNode | null> {
    const record = this.read(providerId);
    return record ? this.describe(record) : null;
  }

  async startNode(providerId: string): Promise<ProviderNode> {
    await this.locked(providerId, async () => this.processes.ensureStarted(this.mustRead(providerId)));
    return this.processes.awaitAnswer(providerId);
  }

  async stopNode(providerId: string): Promise<ProviderNode> {
    await this.locked(providerId, () => this.processes.stop(this.mustRead(providerId)));
    return this.describe(this.mustRead(providerId));
  }

  async restartNode(providerId: string): Promise<ProviderNode> {
    await this.locked(providerId, async () => {
      await this.processes.stop(this.mustRead(providerId));
      this.processes.ensureStarted(this.mustRead(providerId));
    });
    return this.processes.awaitAnswer(providerId);
  }

  /**
   * Stops the server, records the new version / instance type / settings, writes the settings into
   * the engine's config file and starts it on the binaries of its version, keeping its directory
   * and port. A server that will not start on the change is put back as it was and started again,
   * and the change is refused with the end of its log.
   */
  async changeNode(providerId: string, change: NodeChange): Promise<ProviderNode> {
    if (
      change.version === undefined &&
      change.instanceType === undefined &&
      change.kernelVersion === undefined &&
      change.settings === undefined
    ) {
      throw new InputError('a node change needs a version, instance type, kernel version or settings', { change });
    }
    await this.locked(providerId, async () => {
      const record = this.mustRead(providerId);
      const recipe = this.recipes.get(record.engine);
      if (!recipe)
        throw new UnprocessableError(`the local provider cannot run ${record.engine} on this machine`, { engine: record.engine });
      if (change.kernelVersion !== undefined && change.kernelVersion !== release()) {
        throw new UnprocessableError(
          `local nodes run on this machine's kernel (${release()}); it cannot change to ${change.kernelVersion}`,
          { kernelVersion: change.kernelVersion },
        );
      }
      const version = change.version ?? record.version;
      const versionProblem = recipe.versionChangeProblem(record.version, version);
      if (versionProblem) throw new UnprocessableError(versionProblem, { from: record.version, to: version });
      const settingsProblem = change.settings ? recipe.settingsProblem(change.settings) : null;
      if (settingsProblem) throw new InputError(settingsProblem, { settings: change.settings });

      const before = { version: record.version, instanceType: record.instanceType, settings: record.settings ?? {} };
      const after = {
        version,
        instanceType: change.instanceType ?? record.instanceType,
        settings: { ...before.settings, ...change.settings },
      };
      if (isDeepStrictEqual(before, after) && (await this.processes.state(record)) === 'running') return;
      try {
        await this.restartAs(record.name, recipe, after);
      } catch (error) {
        await this.restartAs(record.name, recipe, before).catch(() => undefined);
        throw new UnprocessableError(
          `${record.engine} node ${record.name} did not start after the change and was put back as it was: ${(error as Error).message}`,
          { change },
        );
      }
    });
    return this.describe(this.mustRead(providerId));
  }

  /** Stop, rewrite, start, and wait (up to startWaitMs) for an answer; throws if the server exits. */
  private async restartAs(
    name: string,
    recipe: LocalRecipe,
    state: { version: string; instanceType: string; settings: Record<string, string | number | boolean> },
  ): Promise<void> {
    await this.processes.stop(this.mustRead(name));
    recipe.applySettings(this.files.dir(name), state.settings);
    this.files.write({ ...this.mustRead(name), ...state });
    this.processes.ensureStarted(this.mustRead(name));
    await this.processes.awaitAnswer(name);
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

  /** Backs up through the engine's recipe, outside the node's lock: a long backup must not hold up a restart. */
  async backUpNode(providerId: string, request: NodeBackupRequest): Promise<BackupArtifact | 'busy'> {
    const record = this.mustRead(providerId);
    return this.backupsOf(record).backUp({
      backupRoot: this.backupRoot,
      dir: this.files.dir(record.name),
      port: record.port,
      clusterId: record.clusterId,
      kind: request.kind,
      tag: request.tag,
      password: request.password,
    });
  }

  async expireBackups(providerId: string, keepFull: number): Promise<string[]> {
    const record = this.mustRead(providerId);
    return this.backupsOf(record).expire({
      backupRoot: this.backupRoot,
      dir: this.files.dir(record.name),
      port: record.port,
      clusterId: record.clusterId,
      keepFull,
    });
  }

  private backupsOf(record: LocalNodeRecord): LocalBackups {
    const backups = this.recipes.get(record.engine)?.backups;
    if (!backups) throw new UnprocessableError(`local ${record.engine} nodes have no backup method`, { engine: record.engine });
    return backups;
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
