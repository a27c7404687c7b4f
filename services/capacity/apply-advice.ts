import type { CapacityDeps } from './capacity-deps';
import type { ClusterRecord } from '../fleet/cluster-record';
import type { HeadroomChange } from './forecast/headroom';
import type { Operation } from '../core/types';
import type { GrowStorageService } from '../storage/grow-storage-service';
import type { ScaleService } from '../upgrades/scale-service';
import type { ResizeService } from '../upgrades/resize-service';
import { assertMayChange, type Actor } from '../core/actor';
import { ConflictError } from '../core/errors';
import { whatIf, type WhatIfAnswer } from './what-if';

export interface AppliedAdvice {
  advice: WhatIfAnswer;
  /** The operation kind the advice became: grow storage, scale (node count) or resize (instance type). */
  kind: 'grow_storage' | 'scale' | 'resize';
  operation: Operation;
}

/** The day-2 requests advice turns into; each does its own checks, preview, window and audit. */
export interface AdviceTargets {
  storage: Pick<GrowStorageService, 'request'>;
  scaling: Pick<ScaleService, 'request'>;
  resizes: Pick<ResizeService, 'request'>;
}

/**
 * A what-if's advice made into exactly the operation it names, asked with the same change: a disk
 * to grow becomes grow_storage; a node count becomes `scale` with `{ nodes }`; an instance type
 * becomes `resize` with `{ instanceType }`. Each goes through the same request a person would
 * make, so its refusals (fill limit, replication factor, another team) and its window hold here.
 */
export class AdviceApplier {
  constructor(
    private readonly ctx: CapacityDeps,
    private readonly targets: AdviceTargets,
  ) {}

  async apply(actor: Actor, cluster: ClusterRecord, change: HeadroomChange, urgent: boolean): Promise<AppliedAdvice> {
    assertMayChange(actor, cluster.ownerTeamId, `cluster ${cluster.name}`);
    const advice = await whatIf(this.ctx, cluster, change);
    const scaleTo = advice.scaleTo;
    if (!scaleTo) throw new ConflictError(`nothing to apply: ${advice.message}`, { cluster: cluster.name, advice: advice.message });
    const reason = `applied what-if advice: ${advice.message}`;
    if (scaleTo.diskGb !== undefined) {
      const { operation } = await this.targets.storage.request(actor, cluster, { diskGb: scaleTo.diskGb, urgent, reason });
      return { advice, kind: 'grow_storage', operation };
    }
    if (scaleTo.instanceType !== undefined) {
      const { operation } = await this.targets.resizes.request(actor, cluster, { instanceType: scaleTo.instanceType, urgent, reason });
      return { advice, kind: 'resize', operation };
    }
    if (scaleTo.nodes !== undefined) {
      const { operation } = await this.targets.scaling.request(actor, cluster, { nodes: scaleTo.nodes, urgent, reason });
      return { advice, kind: 'scale', operation };
    }
    throw new ConflictError(`nothing to apply: ${advice.message}`, { cluster: cluster.name, advice: advice.message });
  }
}
