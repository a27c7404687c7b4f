import type { EngineName, FailoverManagerInfo } from '../../core/types';
import type { LocalFailoverRecipe, LocalRecipe } from '../../core/engine-port';
import type { FailoverManagerRequest } from '../provider';
import { UnprocessableError } from '../../core/errors';
import type { LocalNodeRecord, NodeFiles } from './node-files';
import type { NodeProcesses } from './node-processes';
import { FailoverManagers } from './failover-managers';
import { ManagedNodes } from './managed-nodes';

export interface FailoverManagerLifecycleDeps {
  dataRoot: string;
  backupRoot: string;
  files: NodeFiles;
  recipes: ReadonlyMap<EngineName, LocalRecipe>;
  processes: NodeProcesses;
  /** HA managers this control plane does not start: their clusters run without automatic failover and say so. */
  managersOff?: readonly FailoverManagerInfo['kind'][];
  /** Every port a node has recorded, its manager's API port included. */
  nodePorts: () => Set<number>;
  locked: <T>(name: string, fn: () => Promise<T>) => Promise<T>;
}

/**
 * The HA managers of local clusters from start to end: Redis Sentinels, or etcd with Patroni running
 * the nodes. Made (and the cluster's nodes handed to them) when a cluster asks for one, listed and
 * destroyed by cluster; a node made later in a managed cluster starts under its manager.
 */
export class FailoverManagerLifecycle {
  private readonly managers: FailoverManagers;
  /** The nodes an HA manager runs (Patroni): their settings and restarts go through it. */
  readonly managedNodes: ManagedNodes;

  constructor(private readonly deps: FailoverManagerLifecycleDeps) {
    this.managers = new FailoverManagers(deps.dataRoot, deps.nodePorts);
    this.managedNodes = new ManagedNodes({
      files: deps.files,
      processes: deps.processes,
      managers: this.managers,
      backupRoot: deps.backupRoot,
      takenPorts: () => this.takenPorts(),
      locked: deps.locked,
    });
  }

  /** Every port recorded by a node or an HA manager: a new one picks another. */
  takenPorts(): Set<number> {
    return new Set([...this.deps.nodePorts(), ...this.managers.recordedPorts()]);
  }

  /** A node of a cluster whose HA manager runs its nodes (Patroni) starts under it. */
  async adoptNewNode(recipe: LocalRecipe, record: LocalNodeRecord, password: string): Promise<void> {
    if (recipe.failoverManager?.nodeManager) await this.managedNodes.adopt(recipe.failoverManager.nodeManager, record, password);
  }

  async ensure(request: FailoverManagerRequest): Promise<FailoverManagerInfo | { unavailable: string }> {
    const recipe = this.deps.recipes.get(request.engine)?.failoverManager;
    if (!recipe) throw new UnprocessableError(`local ${request.engine} clusters have no HA manager`, { engine: request.engine });
    const missing = this.unavailable(request.engine);
    if (missing) return { unavailable: missing };
    const made = await this.deps.locked(`failover-${request.clusterId}`, () => this.managers.ensure(recipe, request));
    await this.managedNodes.handOver(
      recipe,
      this.deps.recipes.get(request.engine)!.stopSignal,
      request.clusterId,
      request.primary.port,
      request.password,
    );
    return made;
  }

  /** Why a new cluster of this engine would run without its HA manager (none, off here, not installed), or null. */
  unavailable(engine: EngineName): string | null {
    const recipe = this.deps.recipes.get(engine)?.failoverManager;
    if (!recipe) return `local ${engine} clusters have no HA manager`;
    if (this.deps.managersOff?.includes(recipe.kind))
      return `${recipe.kind} is off on this control plane (DATAFLEET_LOCAL_POSTGRES_FAILOVER=${recipe.kind} turns it on): the cluster runs without automatic failover`;
    return recipe.missing();
  }

  /** The recipe of the manager a cluster runs (its record says which kind). */
  private managerRecipe(clusterId: string): LocalFailoverRecipe | undefined {
    const kind = this.managers.describe(clusterId)?.kind;
    return [...this.deps.recipes.values()].map((r) => r.failoverManager).find((r) => r !== undefined && r.kind === kind);
  }

  /** See ManagedNodes.release; false when the cluster's manager does not run its nodes (none, Redis Sentinels). */
  async releaseNodes(clusterId: string, primaryPort: number): Promise<boolean> {
    const manager = this.managerRecipe(clusterId)?.nodeManager;
    if (!manager) return false;
    await this.managedNodes.release(manager, clusterId, primaryPort);
    return true;
  }

  async destroy(clusterId: string): Promise<void> {
    const recipe = this.managerRecipe(clusterId);
    await this.deps.locked(`failover-${clusterId}`, () => this.managers.destroy(recipe, clusterId));
  }

  /** The clusters whose HA manager runs here (to stop them all). */
  clusters(): string[] {
    return this.managers.clusters();
  }

  /** The pids of a cluster's running HA manager processes (to take its quorum away in a test or benchmark). */
  pids(clusterId: string): number[] {
    const recipe = this.managerRecipe(clusterId);
    return recipe ? this.managers.pids(recipe, clusterId) : [];
  }
}
