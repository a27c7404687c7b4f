import type { NodeSnapshot } from '../../health/snapshot';
import type { StoredPoint } from './sql/raw-points';

/** One node's averages over one raw interval (`at` is its start), before its fill is known. */
export type RawPoint = Omit<StoredPoint, 'fill'>;

/** Complete points kept while they cannot be written: 1,000 nodes for about eight hours at the default interval. */
const MAX_PENDING = 500_000;

const fields = ['diskUsedGb', 'diskTotalGb', 'memoryUsedGb', 'memoryTotalGb', 'readsPerSecond', 'writesPerSecond', 'p99Ms'] as const;
type Field = (typeof fields)[number];

interface Bucket {
  clusterId: string;
  nodeId: string;
  start: number;
  /** Per field: sum and count of the snapshots that had it (a field a snapshot lacks is not a zero). */
  sums: Float64Array;
  counts: Uint32Array;
}

const hasUsage = (s: NodeSnapshot): boolean => s.up && fields.some((f) => typeof s[f] === 'number' && Number.isFinite(s[f]));

/**
 * Averages each node's snapshots over fixed intervals (aligned to the epoch, so every process
 * agrees where one starts). An interval is complete once a snapshot of a later one arrives for the
 * node, or once the interval plus a grace period is over; complete intervals are taken as points.
 * A snapshot of an interval already taken (a replay, a straggler) is ignored: the point is written.
 */
export class PointBuffer {
  private readonly open = new Map<string, Bucket>();
  /** Per node, the start of the last interval taken. */
  private readonly closed = new Map<string, number>();
  private complete: Bucket[] = [];

  constructor(
    private readonly intervalMs: number,
    private readonly graceMs: number,
    private readonly maxPending = MAX_PENDING,
  ) {}

  add(s: NodeSnapshot): void {
    if (!hasUsage(s)) return;
    const start = Math.floor(s.at / this.intervalMs) * this.intervalMs;
    if (start <= (this.closed.get(s.nodeId) ?? -Infinity)) return;
    let bucket = this.open.get(s.nodeId);
    if (bucket && bucket.start > start) return;
    if (bucket && bucket.start < start) {
      this.close(bucket);
      bucket = undefined;
    }
    if (!bucket) {
      bucket = {
        clusterId: s.clusterId,
        nodeId: s.nodeId,
        start,
        sums: new Float64Array(fields.length),
        counts: new Uint32Array(fields.length),
      };
      this.open.set(s.nodeId, bucket);
    }
    for (let i = 0; i < fields.length; i++) {
      const value = s[fields[i] as Field];
      if (typeof value === 'number' && Number.isFinite(value)) {
        bucket.sums[i]! += value;
        bucket.counts[i]! += 1;
      }
    }
  }

  private close(bucket: Bucket): void {
    this.open.delete(bucket.nodeId);
    this.closed.set(bucket.nodeId, bucket.start);
    this.complete.push(bucket);
  }

  /** Takes every complete interval: those a later snapshot closed, and those whose time (plus grace) is over at `now`. */
  take(now: number): RawPoint[] {
    for (const bucket of [...this.open.values()]) if (bucket.start + this.intervalMs + this.graceMs <= now) this.close(bucket);
    const taken = this.complete;
    this.complete = [];
    return taken.map(toPoint);
  }

  /**
   * Puts points that could not be written back, to be taken again. While PostgreSQL stays away,
   * at most `maxPending` wait (by default hours of a large fleet); beyond that the oldest are dropped, and
   * their count is returned so the caller can say so.
   */
  putBack(points: RawPoint[]): number {
    const restored: Bucket[] = [];
    for (const p of points) {
      const sums = new Float64Array(fields.length);
      const counts = new Uint32Array(fields.length);
      fields.forEach((f, i) => {
        const value = p[f];
        if (value !== null) [sums[i], counts[i]] = [value, 1];
      });
      restored.push({ clusterId: p.clusterId, nodeId: p.nodeId, start: p.at.getTime(), sums, counts });
    }
    this.complete = [...restored, ...this.complete];
    const dropped = Math.max(0, this.complete.length - this.maxPending);
    if (dropped > 0) this.complete.splice(0, dropped);
    return dropped;
  }

  /** Intervals still open (for tests and logs). */
  get openCount(): number {
    return this.open.size;
  }
}

function toPoint(b: Bucket): RawPoint {
  const average = (i: number): number | null => (b.counts[i]! > 0 ? b.sums[i]! / b.counts[i]! : null);
  return {
    clusterId: b.clusterId,
    nodeId: b.nodeId,
    at: new Date(b.start),
    diskUsedGb: average(0),
    diskTotalGb: average(1),
    memoryUsedGb: average(2),
    memoryTotalGb: average(3),
    readsPerSecond: average(4),
    writesPerSecond: average(5),
    p99Ms: average(6),
  };
}
