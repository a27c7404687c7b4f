import type { RealDriver } from '../../services/core/engine-port';
import { seededRandom } from '../../services/core/random';

/**
 * A real driver made slower by a known amount: one call in `1 / extraShare` (10%: one in ten) makes
 * a second round trip to the server (the same read again) before it returns, so the mean latency
 * grows by about that share of a round trip and the tail grows with it. Sleeping a tenth of a
 * sub-millisecond call is not possible with timers, and busy-waiting would stall every worker of
 * the process; an extra round trip is a delay the server itself serves.
 */
export function delayedDriver(inner: RealDriver, extraShare: number, seed: number): RealDriver {
  const random = seededRandom(seed);
  const maybeAgain = async (worker: number, key: number) => {
    if (random() < extraShare) await inner.read(worker, key);
  };
  return {
    kind: 'real',
    open: (workers) => inner.open(workers),
    read: async (worker, key) => {
      const value = await inner.read(worker, key);
      await maybeAgain(worker, key);
      return value;
    },
    write: async (worker, key, value) => {
      const done = await inner.write(worker, key, value);
      await maybeAgain(worker, key);
      return done;
    },
    ...(inner.explain ? { explain: (worker: number, error: unknown) => inner.explain!(worker, error) } : {}),
    ...(inner.prefill ? { prefill: (keySpace: number, value: string) => inner.prefill!(keySpace, value) } : {}),
    close: () => inner.close(),
  };
}
