import { describe, expect, it } from 'vitest';
import { uniformKeys, zeta, zipfianKeys } from '../../services/workload/keys';
import { seededRandom } from '../../services/core/random';

const draw = (next: () => number, n: number, keySpace: number) => {
  const counts = new Array<number>(keySpace).fill(0);
  for (let i = 0; i < n; i += 1) counts[next()]! += 1;
  return counts;
};

describe('key distributions', () => {
  it('uniform keys cover the whole key space evenly and never leave it', () => {
    const keys = uniformKeys(1000, seededRandom(1));
    const counts = draw(keys.next, 200_000, 1000);
    expect(counts.every((c) => c > 0)).toBe(true);
    // 200 expected per key; 5 standard deviations is ±71.
    expect(Math.min(...counts)).toBeGreaterThan(129);
    expect(Math.max(...counts)).toBeLessThan(271);
  });

  it('zipfian keys follow 1/rank^θ: the hottest keys get their exact share, the coldest almost none', () => {
    const keySpace = 1000;
    const theta = 0.99;
    const n = 300_000;
    const counts = draw(zipfianKeys(keySpace, theta, seededRandom(7)).next, n, keySpace);
    const total = zeta(keySpace, theta);
    for (const rank of [1, 2]) {
      const expected = 1 / rank ** theta / total;
      expect(Math.abs(counts[rank - 1]! / n - expected)).toBeLessThan(0.005);
    }
    const top10 = counts.slice(0, 100).reduce((a, b) => a + b, 0) / n;
    const bottomHalf = counts.slice(500).reduce((a, b) => a + b, 0) / n;
    expect(top10).toBeGreaterThan(0.6); // 10% of keys take most of the traffic
    expect(bottomHalf).toBeLessThan(0.15);
    expect(counts.every((c, key) => c >= 0 && key < keySpace)).toBe(true);
  });

  it('zipfian keys stay inside a huge key space and the zeta tail is accurate', () => {
    const keys = zipfianKeys(50_000_000, 0.99, seededRandom(3));
    for (let i = 0; i < 10_000; i += 1) {
      const k = keys.next();
      expect(k).toBeGreaterThanOrEqual(0);
      expect(k).toBeLessThan(50_000_000);
    }
    // Exact sum against the integral-finished one, at a size where both can be computed.
    let exact = 0;
    for (let i = 1; i <= 1_500_000; i += 1) exact += 1 / i ** 0.9;
    expect(Math.abs(zeta(1_500_000, 0.9) - exact) / exact).toBeLessThan(1e-9);
  });

  it('the same seed picks the same keys; another seed picks others', () => {
    const sequence = (seed: number) => Array.from({ length: 50 }, zipfianKeys(10_000, 0.99, seededRandom(seed)).next);
    expect(sequence(5)).toEqual(sequence(5));
    expect(sequence(5)).not.toEqual(sequence(6));
  });

  it('refuses a skew outside (0, 1)', () => {
    expect(() => zipfianKeys(10, 1, seededRandom(1))).toThrow(RangeError);
  });
});
