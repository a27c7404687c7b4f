import { chmodSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { release } from 'node:os';
import type { Clock } from '../../platform/clock';
import { sleep } from '../../platform/clock';
import type { EngineName } from '../../domain/types';
import type { NodeRequest, Provider, ProviderEvent, ProviderNode } from '../provider';
import { NotFoundError } from '../../platform/errors';
import { freePort } from '../../platform/embedded/probe';
import { NodeFiles, type LocalNodeRecord } from './node-files';
import { isAlive, spawnDetached, terminate } from './processes';
import type { LocalRecipe } from './recipe';
import { redisRecipe } from './redis-recipe';
import { postgresRecipe } from './postgres-recipe';

const recipes: Partial<Record<EngineName, LocalRecipe>> = { redis: redisRecipe, postgres: postgresRecipe };
const START_TIMEOUT_MS = 20_000;

/**
 * Real engine processes on 127.0.0.1: one process, port and directory per node, under
 * <dataRoot>/<node name>/. Node records live beside the data, so any control-plane process on this
 * machine (a replacement worker, the api) can find, restart and destroy a node another one made.
 */
export class LocalProvider implements Provider {
  readonly kind = 'local' as const;
  readonly simulated = false;
  private readonly files: NodeFiles;

  constructor(private readonly options: { dataRoot: string; clock: Clock }) {
    this.files = new NodeFiles(options.dataRoot);
  }

  supportsEngine(engine: EngineName): boolean {
    return recipes[engine]?.installedVersion() != null;
  }

  async availableVersions(engine: EngineName): Promise<string[] | null> {
    const version = recipes[engine]?.installedVersion();
    return version ? [version] : [];
  }

  private recipe(engine: EngineName): LocalRecipe {
    const recipe = recipes[engine];
    if (!recipe) throw new Error(`the local provider cannot run ${engine}`);
    return recipe;
  }

  async createNode(request: NodeRequest): Promise<ProviderNode> {
    const recipe = this.recipe(request.engine);
    this.ensureTraversableRoot();
    let record = this.files.read(request.name);
    if (!record) {
      record = {
        name: request.name, clusterId: request.clusterId, engine: request.engine, role: request.role, region: request.region,
        zone: request.zone, instanceType: request.instanceType, version: recipe.installedVersion() ?? request.version,
        port: await freePort(), pid: null, stopped: false, launchedAt: this.options.clock.now().toISOString(),
      };
      // The port is recorded before anything starts, so a retry reuses it instead of picking another.
      this.files.write(record);
    }
    await recipe.prepare(this.files.dir(record.name), record.port, request);
    return this.ensureRunning(record);
  }

  /** Starts the node's process unless it already runs, and waits until it answers. */
  private async ensureRunning(record: LocalNodeRecord): Promise<ProviderNode> {
    const recipe = this.recipe(record.engine);
    if (!isAlive(record.pid)) {
      const dir = this.files.dir(record.name);
      record = { ...record, pid: spawnDetached(recipe.command(dir, join(dir, 'server.log'))), stopped: false };
      this.files.write(record);
    }
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await recipe.answers(record.port))) {
      if (!isAlive(record.pid)) throw new Error(`${record.engine} node ${record.name} exited during start; see ${this.files.dir(record.name)}/server.log`);
      if (Date.now() > deadline) throw new Error(`${record.engine} node ${record.name} did not answer on port ${record.port} within ${START_TIMEOUT_MS / 1000} s`);
      await sleep(50);
    }
    return this.describe(record);
  }

  private describe(record: LocalNodeRecord): ProviderNode {
    const alive = isAlive(record.pid);
    return {
      providerId: record.name, name: record.name, region: record.region, zone: record.zone, host: '127.0.0.1', port: record.port,
      state: alive ? 'running' : record.stopped ? 'stopped' : 'failed',
      engine: record.engine, softwareVersion: record.version, kernelVersion: release(), instanceType: record.instanceType,
      launchedAt: new Date(record.launchedAt), simulated: false,
    };
  }

  private mustRead(providerId: string): LocalNodeRecord {
    const record = this.files.read(providerId);
    if (!record) throw new NotFoundError('local node', providerId);
    return record;
  }

  async describeNode(providerId: string): Promise<ProviderNode | null> {
    const record = this.files.read(providerId);
    return record ? this.describe(record) : null;
  }

  async startNode(providerId: string): Promise<ProviderNode> {
    return this.ensureRunning(this.mustRead(providerId));
  }

  async stopNode(providerId: string): Promise<ProviderNode> {
    const record = this.mustRead(providerId);
    this.files.write({ ...record, stopped: true });
    if (record.pid) await terminate(record.pid, this.recipe(record.engine).stopSignal);
    return this.describe({ ...record, stopped: true });
  }

  async restartNode(providerId: string): Promise<ProviderNode> {
    await this.stopNode(providerId);
    return this.startNode(providerId);
  }

  async destroyNode(providerId: string): Promise<void> {
    const record = this.files.read(providerId);
    if (record?.pid) await terminate(record.pid, this.recipe(record.engine).stopSignal, 5000);
    rmSync(this.files.dir(providerId), { recursive: true, force: true });
  }

  async listNodes(filter: { clusterId?: string } = {}): Promise<ProviderNode[]> {
    return this.files
      .all()
      .filter((r) => !filter.clusterId || r.clusterId === filter.clusterId)
      .map((r) => this.describe(r));
  }

  /** A machine of our own sends no retirement notices. */
  async events(): Promise<ProviderEvent[]> {
    return [];
  }

  /**
   * PostgreSQL nodes run as the `postgres` OS user when we are root; it must be able to reach its
   * directory, so the data root (and the data dir holding it) must be traversable.
   */
  private ensureTraversableRoot(): void {
    mkdirSync(this.options.dataRoot, { recursive: true });
    for (const dir of [this.options.dataRoot, dirname(this.options.dataRoot)]) {
      if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) chmodSync(dir, statSync(dir).mode | 0o011);
    }
  }

  async close(): Promise<void> {}
}
