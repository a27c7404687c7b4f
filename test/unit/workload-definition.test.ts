import { describe, expect, it } from 'vitest';
import { InvalidWorkloadError, validateWorkload } from '../../services/workload/definition';
import { StandardWorkloads, withDuration } from '../../services/workload/standard';
import { RateLimiter } from '../../services/workload/rate-limiter';

const good = StandardWorkloads[0];

describe('workload definitions', () => {
  it('the standard set is valid: 80/20, 50/50 and 10/90 reads to writes', () => {
    for (const w of StandardWorkloads) expect(validateWorkload(w)).toBe(w);
    expect(StandardWorkloads.map((w) => [w.name, w.readRatio])).toEqual([
      ['read-heavy-80-20', 0.8],
      ['balanced-50-50', 0.5],
      ['write-heavy-10-90', 0.1],
    ]);
  });

  it.each([
    ['a read ratio above 1', { readRatio: 1.5 }, '/readRatio'],
    ['a key space of 0', { keySpace: 0 }, '/keySpace'],
    ['an unknown distribution', { distribution: 'pareto' }, '/distribution'],
    ['zero concurrency', { concurrency: 0 }, '/concurrency'],
    ['fractional concurrency', { concurrency: 2.5 }, '/concurrency'],
    ['a negative warm-up', { warmupSeconds: -1 }, '/warmupSeconds'],
    ['a zero duration', { durationSeconds: 0 }, '/durationSeconds'],
    ['a zipfian θ of 1', { zipfianTheta: 1 }, '/zipfianTheta'],
    ['a rate limit of 0', { rateLimitPerSecond: 0 }, '/rateLimitPerSecond'],
    ['a name with spaces', { name: 'my workload' }, '/name'],
    ['an unknown field', { threads: 4 }, '/threads'],
  ])('rejects %s, naming the field', (_what, change, path) => {
    const attempt = () => validateWorkload({ ...good, ...change });
    expect(attempt).toThrow(InvalidWorkloadError);
    expect(attempt).toThrow(path);
  });

  it('rejects what is not a workload at all', () => {
    expect(() => validateWorkload(null)).toThrow(InvalidWorkloadError);
    expect(() => validateWorkload({ name: 'x' })).toThrow(/readRatio/);
  });

  it('a shorter run keeps at most a fifth of it for warm-up', () => {
    expect(withDuration(good, 5)).toMatchObject({ durationSeconds: 5, warmupSeconds: 1 });
    expect(withDuration(good, 60)).toMatchObject({ durationSeconds: 60, warmupSeconds: good.warmupSeconds });
  });
});

describe('rate limiter', () => {
  it('spaces operations evenly at the rate, across all callers', () => {
    let now = 0;
    const limiter = new RateLimiter(100, () => now); // a slot every 10 ms
    expect([limiter.reserve(), limiter.reserve(), limiter.reserve()]).toEqual([0, 10, 20]);
    now = 25;
    expect(limiter.reserve()).toBe(5); // the fourth slot is at 30 ms
  });

  it('saves no unused time for a burst after an idle spell', () => {
    let now = 0;
    const limiter = new RateLimiter(10, () => now);
    limiter.reserve();
    now = 10_000; // idle for ten seconds
    expect(limiter.reserve()).toBe(0);
    expect(limiter.reserve()).toBe(100);
  });

  it('holds a real run of concurrent callers to the limit', async () => {
    const limiter = new RateLimiter(200);
    let done = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (performance.now() - started < 500) {
          await limiter.acquire();
          done += 1;
        }
      }),
    );
    expect(done).toBeLessThanOrEqual(110); // 100 in 0.5 s, plus the callers' last slots
    // The pace itself is tested on a fake clock above; here a busy machine may starve the callers, so
    // only the ceiling is exact and the floor says the limiter let them through at all.
    expect(done).toBeGreaterThan(10);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new RateLimiter(0)).toThrow(RangeError);
  });
});
