import type { StorageDeps } from './storage-deps';
import type { ClusterRecord } from '../fleet/cluster-record';
import type { StoragePolicyRepository, StoragePolicySettings, StoredStoragePolicy } from './sql/storage-policies';
import { actorLabel, assertMayChange, type Actor } from '../core/actor';
import { ProblemList } from '../core/request-problems';
import { UnprocessableError } from '../core/errors';
import { withTransaction } from '../infra/db/pool';
import { currentDiskGb, MAX_DISK_GB } from './storage-rules';

/** A cluster's storage policy as shown: the stored one, or the off default with the disk it starts from. */
export interface StoragePolicyView extends StoragePolicySettings {
  /** False until the owning team saves one: storage never grows by itself before that. */
  stored: boolean;
  currentDiskGb: number | null;
  updatedBy: string | null;
  updatedAt: Date | null;
}

const DEFAULT_POLICY = { enabled: false, growByPercent: 25, leadDays: 30 } as const;

/** Reads and changes a cluster's automatic storage policy: the owning team (or the platform) opts in; every change audited. */
export class StoragePolicyService {
  constructor(
    private readonly ctx: StorageDeps,
    private readonly policies: StoragePolicyRepository,
  ) {}

  async get(cluster: ClusterRecord): Promise<StoragePolicyView> {
    return this.view(cluster, await this.policies.get(cluster.id));
  }

  async put(actor: Actor, cluster: ClusterRecord, policy: StoragePolicySettings): Promise<StoragePolicyView> {
    assertMayChange(actor, cluster.ownerTeamId, `cluster ${cluster.name}`);
    const sizing = this.ctx.engines.get(cluster.engine).sizing;
    if (sizing.resource !== 'diskGb')
      throw new UnprocessableError(`${cluster.engine} holds its data in memory: growing the disk adds it no capacity`, {
        engine: cluster.engine,
      });
    const disk = currentDiskGb(cluster, this.ctx.regions.instanceTypes);
    const problems = new ProblemList();
    if (policy.maxDiskGb > MAX_DISK_GB)
      problems.add({ path: 'body/maxDiskGb', message: `a node's disk may be at most ${MAX_DISK_GB} GB`, maximum: MAX_DISK_GB });
    if (policy.enabled && disk !== null && policy.maxDiskGb <= disk)
      problems.add({
        path: 'body/maxDiskGb',
        message: `each node already has ${disk} GB: a maximum of ${policy.maxDiskGb} GB leaves the policy nothing to grow`,
        minimum: disk + 1,
      });
    problems.throwIfAny();
    const who = actorLabel(actor);
    const before = await this.policies.get(cluster.id);
    const stored = await withTransaction(this.ctx.pool, async (db) => {
      const saved = await this.policies.put(cluster.id, policy, who, db);
      await this.ctx.repos.audit.record(
        {
          actor: who,
          action: 'cluster.storage_policy',
          targetType: 'cluster',
          targetId: cluster.id,
          reason: policy.enabled
            ? `storage grows by ${policy.growByPercent}% ${policy.leadDays} days ahead of exhaustion, up to ${policy.maxDiskGb} GB`
            : 'automatic storage growth off',
          before: before ? settingsOf(before) : null,
          after: policy,
        },
        db,
      );
      return saved;
    });
    return this.view(cluster, stored);
  }

  private view(cluster: ClusterRecord, stored: StoredStoragePolicy | null): StoragePolicyView {
    const disk = currentDiskGb(cluster, this.ctx.regions.instanceTypes);
    if (!stored)
      return {
        ...DEFAULT_POLICY,
        maxDiskGb: Math.min(MAX_DISK_GB, (disk ?? 100) * 4),
        stored: false,
        currentDiskGb: disk,
        updatedBy: null,
        updatedAt: null,
      };
    return { ...settingsOf(stored), stored: true, currentDiskGb: disk, updatedBy: stored.updatedBy, updatedAt: stored.updatedAt };
  }
}

const settingsOf = (p: StoragePolicySettings): StoragePolicySettings => ({
  enabled: p.enabled,
  growByPercent: p.growByPercent,
  leadDays: p.leadDays,
  maxDiskGb: p.maxDiskGb,
});
