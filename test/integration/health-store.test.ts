import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { testRedisUrl } from '../helpers/app';
import { HealthStore } from '../../services/health/health-store';
import { foldObservations, type Observation } from '../../services/health/fold';

const prefix = `dft-store-${randomUUID().slice(0, 8)}`;
const redis = new Redis(testRedisUrl);
const other = new Redis(testRedisUrl);
afterAll(async () => {
  for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
    if (keys.length > 0) await redis.unlink(...keys);
  }
  redis.disconnect();
  other.disconnect();
});

const observe = (clusterId: string, nodeId: string, at: number, score: number): Observation => ({
  clusterId,
  nodeId,
  nodeName: nodeId,
  at,
  score,
  causes: score === 0 ? ['node down'] : [],
});

/** Folds `observations` into what `store` holds of the cluster and writes it, without waiting for the write. */
async function write(store: HealthStore, clusterId: string, observations: Observation[]) {
  const memory = await store.load([clusterId]);
  const result = foldObservations(observations, memory);
  return { result, saved: store.save(result, [], memory) };
}

describe('the health store between batches', () => {
  it('answers a load sent behind a write still in flight with what that write stores, batch after batch', async () => {
    const store = new HealthStore(redis, prefix);
    const clusterId = randomUUID();
    const first = await write(store, clusterId, [observe(clusterId, 'n1', 1000, 100)]);
    const second = await write(store, clusterId, [observe(clusterId, 'n1', 2000, 0)]); // loaded while the first write is in flight
    const third = await write(store, clusterId, [observe(clusterId, 'n1', 3000, 0)]);
    await Promise.all([first.saved, second.saved, third.saved]);
    expect(first.result.nodeChanges.map((c) => c.toState)).toEqual(['healthy']);
    expect(second.result.nodeChanges).toEqual([]); // one odd snapshot, on top of the first write: no change yet
    expect(third.result.nodeChanges).toEqual([expect.objectContaining({ fromState: 'healthy', toState: 'unhealthy' })]);
    const stored = JSON.parse((await redis.hget(store.keys.nodeHealth(clusterId), 'n1'))!) as { state: string; streak: number };
    expect(stored).toMatchObject({ state: 'unhealthy', streak: 2, lastSnapshotAt: 3000 });
    // The same transitions as one batch folded at once.
    const fresh = new HealthStore(other, `${prefix}-once`);
    const once = foldObservations(
      [1000, 2000, 3000].map((at, i) => observe(clusterId, 'n1', at, i === 0 ? 100 : 0)),
      await fresh.load([clusterId]),
    );
    expect(once.nodeChanges.map((c) => c.toState)).toEqual(['healthy', 'unhealthy']);
  });

  it('reads a cluster back whole when another process wrote it since', async () => {
    const mine = new HealthStore(redis, prefix);
    const theirs = new HealthStore(other, prefix);
    const clusterId = randomUUID();
    await (
      await write(mine, clusterId, [observe(clusterId, 'n1', 1000, 100)])
    ).saved;
    await (
      await write(theirs, clusterId, [observe(clusterId, 'n2', 1500, 100)])
    ).saved;
    const memory = await mine.load([clusterId]);
    expect([...memory.get(clusterId)!.nodes.keys()].sort()).toEqual(['n1', 'n2']);
    // And trusts its own copy again once it wrote last.
    await mine.save(foldObservations([observe(clusterId, 'n1', 2000, 100)], memory), [], memory);
    expect((await mine.load([clusterId])).get(clusterId)).toBe(memory.get(clusterId));
  });
});
