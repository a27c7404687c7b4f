import { sleep } from '../../core/clock';
import type { LocalFailoverRecipe, LocalNodeManager, NodeSettings } from '../../core/engine-port';
import type { LocalNodeRecord, NodeFiles } from './node-files';
import type { NodeProcesses } from './node-processes';
import type { FailoverManagers } from './failover-managers';
import { pickFreePort } from './ports';

/** A promotion on a loaded machine can take long: a hand-over waits generously for the primary's manager to lead. */
const LEAD_WAIT_MS = 120_000;

export interface ManagedNodesDeps {
  files: NodeFiles;
  processes: NodeProcesses;
  managers: FailoverManagers;
  backupRoot: string;
  takenPorts: () => Set<number>;
  locked: <T>(name: string, fn: () => Promise<T>) => Promise<T>;
}

/**
 * Nodes run by their cluster's HA manager (Patroni): a node is handed over by writing the manager's
 * configuration beside it and restarting it, its process then being the manager's. The primary goes
 * first and leads before the replicas follow it; a node made later (a replacement, a scale-out) is
 * handed over before its first start.
 */
export class ManagedNodes {
  constructor(private readonly deps: ManagedNodesDeps) {}

  /** Writes the manager's configuration for a node of a managed cluster (its port recorded first); false when the cluster has no such manager. */
  async adopt(manager: LocalNodeManager, record: LocalNodeRecord, password: string): Promise<boolean> {
    const input = this.deps.managers.nodeManagerInput(record.clusterId);
    if (!input) return false;
    const dir = this.deps.files.dir(record.name);
    let current = this.deps.files.read(record.name) ?? record;
    if (current.apiPort === undefined) {
      current = { ...current, apiPort: await pickFreePort(this.deps.takenPorts()) };
      this.deps.files.write(current);
    }
    await manager.adopt({
      dir,
      nodeName: current.name,
      version: current.version,
      port: current.port,
      apiPort: current.apiPort!,
      backupRoot: this.deps.backupRoot,
      clusterId: current.clusterId,
      scope: input.scope,
      stores: input.stores,
      password,
      managerSecret: input.secret,
      synchronous: input.synchronous,
    });
    return true;
  }

  /** Hands every node of the cluster to the manager (idempotent): the primary, once it leads, then the replicas. */
  async handOver(
    recipe: LocalFailoverRecipe,
    serverStopSignal: NodeJS.Signals,
    clusterId: string,
    primaryPort: number,
    password: string,
  ): Promise<void> {
    const manager = recipe.nodeManager;
    if (!manager) return;
    const records = this.deps.files.all().filter((r) => r.clusterId === clusterId);
    const ordered = [...records.filter((r) => r.port === primaryPort), ...records.filter((r) => r.port !== primaryPort)];
    for (const record of ordered) {
      await this.deps.locked(record.name, async () => {
        const dir = this.deps.files.dir(record.name);
        if (!manager.manages(dir)) {
          await this.adopt(manager, record, password);
          // The server still runs as the provider started it: stopped as such, then started under the manager.
          await this.deps.processes.stop(this.deps.files.read(record.name)!, serverStopSignal);
        }
        await this.deps.processes.ensureStarted(this.deps.files.read(record.name)!);
      });
      const apiPort = this.deps.files.read(record.name)?.apiPort;
      if (record.port === primaryPort && apiPort !== undefined) await this.untilLeads(manager, record.name, apiPort);
    }
  }

  /**
   * Takes every node of the cluster back from the manager (idempotent): the replicas' managers
   * stopped first, so none takes the lead, then the primary's; each node's manager configuration
   * removed; the cluster forgotten in the manager's store. A node started afterwards runs as the
   * provider's own server until handOver gives it back (an in-place restore in between).
   */
  async release(manager: LocalNodeManager, clusterId: string, primaryPort: number): Promise<void> {
    const records = this.deps.files.all().filter((r) => r.clusterId === clusterId);
    const ordered = [...records.filter((r) => r.port !== primaryPort), ...records.filter((r) => r.port === primaryPort)];
    for (const record of ordered) {
      await this.deps.locked(record.name, async () => {
        const dir = this.deps.files.dir(record.name);
        if (!manager.manages(dir)) return;
        await this.deps.processes.stop(this.deps.files.read(record.name)!);
        manager.release(dir);
      });
    }
    const input = this.deps.managers.nodeManagerInput(clusterId);
    if (input) await manager.forgetCluster(input.stores, input.scope);
  }

  /** The manager running a node (its configuration sits beside the node) and the node's API port; null for a node run by the provider. */
  runnerOf(manager: LocalNodeManager | undefined, record: LocalNodeRecord): { manager: LocalNodeManager; apiPort: number } | null {
    if (!manager || record.apiPort === undefined || !manager.manages(this.deps.files.dir(record.name))) return null;
    return { manager, apiPort: record.apiPort };
  }

  /**
   * Server settings under the manager go to the manager (the node's own API first, then its
   * cluster's other members); a setting the node's record has and `settings` lacks is taken out.
   */
  async setSettings(run: { manager: LocalNodeManager; apiPort: number }, record: LocalNodeRecord, settings: NodeSettings): Promise<void> {
    const dropped = Object.keys(record.settings ?? {}).filter((name) => !(name in settings));
    const parameters = { ...Object.fromEntries(dropped.map((name) => [name, null])), ...settings };
    const others = this.deps.files
      .all()
      .filter((r) => r.clusterId === record.clusterId && r.name !== record.name && r.apiPort !== undefined)
      .map((r) => r.apiPort!);
    await run.manager.setParameters([run.apiPort, ...others], parameters);
  }

  /**
   * Waits for a node just started under its manager to serve. The manager outlives a server that
   * will not start (it tries again each loop), so its word is the failure: thrown with the end of
   * the server's log. One still starting after `waitMs` is left to the caller's health watch.
   */
  async untilServes(
    run: { manager: LocalNodeManager; apiPort: number },
    name: string,
    answers: () => Promise<boolean>,
    waitMs: number,
  ): Promise<void> {
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      if (await answers()) return;
      const failure = await run.manager.startFailure(run.apiPort);
      if (failure) throw new Error(`${name}: ${failure}: ${this.deps.processes.logTail(name)}`);
      await sleep(250);
    }
  }

  private async untilLeads(manager: LocalNodeManager, name: string, apiPort: number): Promise<void> {
    const deadline = Date.now() + LEAD_WAIT_MS;
    while (!(await manager.leads(apiPort))) {
      if (Date.now() > deadline) throw new Error(`${name} did not lead under its HA manager within ${LEAD_WAIT_MS / 1000} s`);
      await sleep(250);
    }
  }
}
