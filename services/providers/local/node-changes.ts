import { release } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import type { EngineName } from '../../core/types';
import type { LocalRecipe } from '../../core/engine-port';
import type { NodeChange } from '../provider';
import { InputError, UnprocessableError } from '../../core/errors';
import type { LocalNodeRecord, NodeFiles } from './node-files';
import type { NodeProcesses } from './node-processes';
import { assertChangeNamesSomething } from '../node-change';
import type { ManagedNodes } from './managed-nodes';

/** A manager starts its server within a loop or two of its own start; on a loaded machine that takes far longer than a bare server. */
const MANAGED_START_WAIT_MS = 60_000;

export interface NodeChangesDeps {
  files: NodeFiles;
  recipes: ReadonlyMap<EngineName, LocalRecipe>;
  processes: NodeProcesses;
  managedNodes: ManagedNodes;
  mustRead(name: string): LocalNodeRecord;
  locked<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** A local node's version, instance type, kernel or settings changed, or put back as it was. */
export class LocalNodeChanges {
  constructor(private readonly deps: NodeChangesDeps) {}

  /**
   * Stops the server, records the new version / instance type / settings, writes the settings into
   * the engine's config file and starts it on the binaries of its version, keeping its directory
   * and port. A server that will not start on the change is put back as it was and started again,
   * and the change is refused with the end of its log.
   */
  async change(providerId: string, change: NodeChange): Promise<void> {
    assertChangeNamesSomething(change);
    await this.deps.locked(providerId, async () => {
      const record = this.deps.mustRead(providerId);
      const recipe = this.deps.recipes.get(record.engine);
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
      if (isDeepStrictEqual(before, after) && (await this.deps.processes.state(record)) === 'running') return;
      if (change.live && isDeepStrictEqual({ ...before, settings: null }, { ...after, settings: null })) {
        const run = this.deps.managedNodes.runnerOf(recipe.failoverManager?.nodeManager, record);
        if (run) await this.deps.managedNodes.setSettings(run, record, after.settings);
        else recipe.applySettings(this.deps.files.dir(record.name), after.settings);
        this.deps.files.write({ ...record, settings: after.settings });
        return;
      }
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
  }

  /**
   * Stop, rewrite, start, and wait (up to startWaitMs) for an answer; throws if the server exits.
   * A node under its HA manager takes its settings from the manager (set before the stop, while
   * it answers) and its binaries when the manager starts again; the manager saying it could not
   * start the server is the failure.
   */
  private async restartAs(
    name: string,
    recipe: LocalRecipe,
    state: { version: string; instanceType: string; settings: Record<string, string | number | boolean> },
  ): Promise<void> {
    const { managedNodes, processes, files, mustRead } = this.deps;
    const run = managedNodes.runnerOf(recipe.failoverManager?.nodeManager, mustRead(name));
    if (run) await managedNodes.setSettings(run, mustRead(name), state.settings);
    await processes.stop(mustRead(name));
    if (!run) recipe.applySettings(files.dir(name), state.settings);
    files.write({ ...mustRead(name), ...state });
    await processes.ensureStarted(mustRead(name));
    if (run) await managedNodes.untilServes(run, name, () => recipe.answers(mustRead(name).port), MANAGED_START_WAIT_MS);
    else await processes.awaitAnswer(name);
  }
}
