import type { CapacityDeps } from '../capacity-deps';
import type { EngineName } from '../../core/types';
import { fillOf } from './fill';
import { insertRawPoints, type StoredPoint } from './sql/raw-points';
import type { NodeSnapshot } from '../../health/snapshot';
import { PointBuffer, type RawPoint } from './point-buffer';
import { clusterEngines } from './sql/cluster-engines';

/**
 * The health aggregator's hook into the metrics history: every snapshot it applies is averaged
 * into its node's current raw interval, and complete intervals are written before the aggregator
 * acknowledges its batch — so a crash loses at most the intervals still being averaged.
 */
export class RawPointRecorder {
  private readonly buffer: PointBuffer;
  /** A cluster's engine never changes: each is looked up once (null: not a cluster of ours). */
  private readonly engines = new Map<string, EngineName | null>();

  constructor(private readonly ctx: CapacityDeps) {
    this.buffer = new PointBuffer(ctx.config.metricsRawIntervalMs, ctx.config.healthIntervalMs);
  }

  add(snapshots: NodeSnapshot[]): void {
    for (const s of snapshots) this.buffer.add(s);
  }

  /**
   * Writes what is complete at `now`. A failed write keeps the points for the next call and is
   * logged, not thrown: the health of the fleet must not wait on its history.
   */
  async flush(now = Date.now()): Promise<number> {
    const points = this.buffer.take(now);
    if (points.length === 0) return 0;
    try {
      return await insertRawPoints(this.ctx.pool, await this.withFill(points));
    } catch (error) {
      const dropped = this.buffer.putBack(points);
      this.ctx.logger.warn({ err: error, points: points.length, dropped }, 'raw metric points not written; retrying with the next batch');
      return 0;
    }
  }

  private async withFill(points: RawPoint[]): Promise<StoredPoint[]> {
    const unknown = [...new Set(points.map((p) => p.clusterId))].filter((id) => !this.engines.has(id));
    if (unknown.length > 0) {
      const rows = await clusterEngines(this.ctx.pool, unknown);
      for (const id of unknown) this.engines.set(id, null);
      for (const r of rows) this.engines.set(r.id, r.engine);
    }
    const stored: StoredPoint[] = [];
    for (const p of points) {
      const engine = this.engines.get(p.clusterId);
      if (engine) stored.push({ ...p, fill: fillOf(this.ctx.engines.get(engine).sizing, p) });
    }
    return stored;
  }
}
