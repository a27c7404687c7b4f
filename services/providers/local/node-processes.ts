import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { release } from 'node:os';
import type { Clock } from '../../core/clock';
import { sleep } from '../../core/clock';
import type { EngineName, NodeState } from '../../core/types';
import type { ProviderNode } from '../provider';
import { NotFoundError } from '../../core/errors';
import type { LocalNodeRecord, NodeFiles } from './node-files';
import type { LocalRecipe } from './recipe';
import { isNodeProcess, spawnDetached, terminate } from './processes';

const STOP_GRACE_MS = 10_000;
/**
 * An HA manager (Patroni) stops its server cleanly before it exits: a shutdown checkpoint, then its
 * own exit, which on a loaded machine takes far longer than a bare server's fast shutdown.
 */
const MANAGER_STOP_GRACE_MS = 60_000;
const DESTROY_GRACE_MS = 5_000;

/** Starts, watches and stops the server process of each local node, by what its record says. */
export class NodeProcesses {
  constructor(
    private readonly files: NodeFiles,
    private readonly recipes: ReadonlyMap<EngineName, LocalRecipe>,
    private readonly clock: Clock,
    private readonly startWaitMs: number,
  ) {}

  private recipe(engine: EngineName): LocalRecipe {
    const recipe = this.recipes.get(engine);
    if (!recipe) throw new Error(`the local provider has no recipe for ${engine}`);
    return recipe;
  }

  /** The trailing slash keeps node "a" from matching node "ab"'s command line. */
  private marker(name: string): string {
    return `${this.files.dir(name)}/`;
  }

  /**
   * The node's running server: the recorded pid, else the pid the engine wrote itself (a server
   * whose starter was killed before recording it). Each is checked to really be this node's.
   */
  livePid(record: LocalNodeRecord): number | null {
    const marker = this.marker(record.name);
    if (isNodeProcess(record.pid, marker)) return record.pid;
    const fromEngine = this.recipe(record.engine).pidFromEngineFiles(this.files.dir(record.name));
    return isNodeProcess(fromEngine, marker) ? fromEngine : null;
  }

  /**
   * Starts the server unless it already runs; records its pid and that it should be running. A
   * node under its HA manager runs as the manager's process: a server found running without it
   * (the manager was stopped while starting one, mid-demotion) is stopped first, or the node would
   * run on without its manager, on whatever binaries that server came from.
   */
  async ensureStarted(record: LocalNodeRecord): Promise<void> {
    const recipe = this.recipe(record.engine);
    let running = this.livePid(record);
    if (running !== null && this.managed(record) && running === this.serverPid(record)) {
      await terminate(running, recipe.stopSignal, STOP_GRACE_MS);
      running = null;
    }
    const pid = running ?? spawnDetached(recipe.command(this.files.dir(record.name), record.version));
    const startedAt = pid === record.pid ? record.startedAt : this.clock.now().toISOString();
    this.files.write({ ...record, pid, stopped: false, startedAt });
  }

  private stopSignal(engine: EngineName, name: string): NodeJS.Signals {
    const recipe = this.recipe(engine);
    return recipe.stopSignalFor?.(this.files.dir(name)) ?? recipe.stopSignal;
  }

  /** Records the stop first, so a concurrent describe reads 'stopped' and not 'failed'. `signal`: the one the running process needs, when it is not what the node's files say. */
  async stop(record: LocalNodeRecord, signal?: NodeJS.Signals): Promise<void> {
    this.files.write({ ...record, stopped: true });
    const recipe = this.recipe(record.engine);
    const pid = this.livePid(record);
    if (pid) {
      // Under its HA manager the node's process is the manager, unless the manager died and left its server.
      const underManager = this.managed(record) && pid !== this.serverPid(record);
      await terminate(
        pid,
        signal ?? (underManager ? this.stopSignal(record.engine, record.name) : recipe.stopSignal),
        underManager ? MANAGER_STOP_GRACE_MS : STOP_GRACE_MS,
      );
    }
    // A manager runs its server in a session of its own, so a manager killed after its grace
    // leaves the server running. Stopped is stopped: the server goes too.
    const left = this.serverPid(record);
    if (left) await terminate(left, recipe.stopSignal, STOP_GRACE_MS);
  }

  /** Whether the node runs under its HA manager (the manager's configuration sits beside it). */
  private managed(record: LocalNodeRecord): boolean {
    return this.recipe(record.engine).failoverManager?.nodeManager?.manages(this.files.dir(record.name)) === true;
  }

  /** The node's server process as the engine's own files name it, checked to really be this node's. */
  private serverPid(record: LocalNodeRecord): number | null {
    const found = this.recipe(record.engine).pidFromEngineFiles(this.files.dir(record.name));
    return isNodeProcess(found, this.marker(record.name)) ? found : null;
  }

  /** Kills whatever server the node's directory has, recorded or not. */
  async killAll(name: string, record: LocalNodeRecord | null): Promise<void> {
    const marker = this.marker(name);
    for (const recipe of this.recipes.values()) {
      const signal = recipe.stopSignalFor?.(this.files.dir(name)) ?? recipe.stopSignal;
      // The recorded process first (under an HA manager it is the manager, which would restart a
      // server killed before it), then whatever server the engine's files name now.
      const recorded = record?.engine === recipe.engine ? record.pid : null;
      if (recorded && isNodeProcess(recorded, marker)) await terminate(recorded, signal, DESTROY_GRACE_MS);
      const server = recipe.pidFromEngineFiles(this.files.dir(name));
      if (server && isNodeProcess(server, marker)) await terminate(server, signal, DESTROY_GRACE_MS);
    }
  }

  async state(record: LocalNodeRecord): Promise<NodeState> {
    if (this.livePid(record)) return (await this.recipe(record.engine).answers(record.port)) ? 'running' : 'pending';
    if (record.stopped) return 'stopped';
    return record.pid === null ? 'pending' : 'failed'; // never started (creation under way) vs died
  }

  /**
   * Waits up to startWaitMs for the node to answer. A server that exits meanwhile is an error with
   * the end of its log; one still starting is returned 'pending'.
   */
  async awaitAnswer(name: string): Promise<ProviderNode> {
    const deadline = Date.now() + this.startWaitMs;
    for (;;) {
      const record = this.files.read(name);
      if (!record) throw new NotFoundError('local node', name);
      const state = await this.state(record);
      if (state === 'failed') throw new Error(`${record.engine} node ${name} exited while starting: ${this.logTail(name)}`);
      if (state === 'running' || Date.now() > deadline) return this.toNode(record, state);
      await sleep(50);
    }
  }

  /** The last lines of the node's server log (a failed start names its cause there). */
  logTail(name: string): string {
    const log = join(this.files.dir(name), 'server.log');
    if (!existsSync(log)) return 'no log';
    return readFileSync(log, 'utf8').trim().split('\n').slice(-5).join(' | ');
  }

  toNode(record: LocalNodeRecord, state: NodeState): ProviderNode {
    return {
      providerId: record.name,
      name: record.name,
      region: record.region,
      zone: record.zone,
      host: '127.0.0.1',
      port: record.port,
      state,
      engine: record.engine,
      softwareVersion: record.version,
      kernelVersion: release(),
      instanceType: record.instanceType,
      launchedAt: new Date(record.launchedAt),
    };
  }
}
