import { describe, expect, it } from 'vitest';
import { PointBuffer } from '../../services/capacity/metrics/point-buffer';
import type { NodeSnapshot } from '../../services/health/snapshot';

const INTERVAL = 60_000;
const base = { clusterId: 'c1', nodeId: 'n1', nodeName: 'node-1', role: 'primary', simulated: true, up: true, latencyMs: 1 };
const snap = (at: number, over: Partial<NodeSnapshot> = {}): NodeSnapshot => ({
  ...base,
  at,
  diskUsedGb: 10,
  readsPerSecond: 100,
  ...over,
});

describe('raw point averaging', () => {
  it("averages a node's snapshots over its interval, field by field, and emits the interval once a later one starts", () => {
    const buffer = new PointBuffer(INTERVAL, 5000);
    buffer.add(snap(0, { diskUsedGb: 10, readsPerSecond: 100, p99Ms: 2 }));
    buffer.add(snap(20_000, { diskUsedGb: 20, readsPerSecond: 300 })); // no p99: it does not count as zero
    buffer.add(snap(40_000, { diskUsedGb: 30, readsPerSecond: 200, p99Ms: 4 }));
    expect(buffer.take(59_000)).toEqual([]);
    buffer.add(snap(61_000, { diskUsedGb: 40 }));
    const [point, ...rest] = buffer.take(61_000);
    expect(rest).toEqual([]);
    expect(point).toMatchObject({
      clusterId: 'c1',
      nodeId: 'n1',
      at: new Date(0),
      diskUsedGb: 20,
      readsPerSecond: 200,
      p99Ms: 3,
      memoryUsedGb: null,
    });
  });

  it('closes an interval by time when the node stops reporting, and ignores what arrives for an interval already taken', () => {
    const buffer = new PointBuffer(INTERVAL, 5000);
    buffer.add(snap(10_000));
    expect(buffer.take(64_999)).toEqual([]); // the interval ends at 60 s; stragglers have 5 s more
    expect(buffer.take(65_000)).toHaveLength(1);
    buffer.add(snap(30_000)); // a replayed snapshot of the interval already written
    expect(buffer.take(200_000)).toEqual([]);
    expect(buffer.openCount).toBe(0);
  });

  it('keeps nodes apart, skips down nodes and snapshots without usage, and takes back points that could not be written', () => {
    const buffer = new PointBuffer(INTERVAL, 0);
    buffer.add(snap(1000));
    buffer.add(snap(2000, { nodeId: 'n2', diskUsedGb: 50 }));
    buffer.add(snap(3000, { nodeId: 'n3', up: false }));
    buffer.add({ ...base, nodeId: 'n4', at: 4000 });
    const points = buffer.take(INTERVAL);
    expect(points.map((p) => [p.nodeId, p.diskUsedGb])).toEqual([
      ['n1', 10],
      ['n2', 50],
    ]);
    buffer.putBack(points);
    expect(buffer.take(INTERVAL)).toEqual(points);
  });

  it('keeps at most its limit of unwritten points while the database is away, dropping the oldest', () => {
    const buffer = new PointBuffer(INTERVAL, 0, 3);
    for (let minute = 0; minute < 5; minute++) buffer.add(snap(minute * INTERVAL + 1000, { diskUsedGb: minute }));
    const failed = buffer.take(5 * INTERVAL);
    expect(failed).toHaveLength(5);
    expect(buffer.putBack(failed)).toBe(2);
    expect(buffer.take(5 * INTERVAL).map((p) => p.diskUsedGb)).toEqual([2, 3, 4]);
  });
});
