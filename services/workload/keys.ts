import type { KeyDistribution } from './definition';
import type { Random } from '../core/random';

/** Picks key indexes in [0, keySpace). Index 0 is the hottest key of a zipfian generator. */
export interface KeyGenerator {
  next(): number;
}

export function uniformKeys(keySpace: number, random: Random): KeyGenerator {
  return { next: () => Math.floor(random() * keySpace) };
}

/** Sums beyond this many terms are finished with an integral, so a 100 M key space builds at once. */
const EXACT_TERMS = 1_000_000;

/** zeta(n, θ) = Σ_{i=1..n} 1/i^θ: exact up to a million terms, then Euler–Maclaurin (error far below 1e-6). */
export function zeta(n: number, theta: number): number {
  const exact = Math.min(n, EXACT_TERMS);
  let sum = 0;
  for (let i = 1; i <= exact; i += 1) sum += 1 / i ** theta;
  if (n === exact) return sum;
  const integral = (x: number) => x ** (1 - theta) / (1 - theta);
  return sum + integral(n + 0.5) - integral(exact + 0.5);
}

/**
 * zeta(n, θ) of the key spaces in use, computed once: every worker of every run builds a generator,
 * and the sum over a 10,000-key space cost more than a short simulated run itself. Few distinct
 * (n, θ) pairs occur (a workload's key space and skew), so the cache stays small.
 */
const zetas = new Map<string, number>();
function knownZeta(n: number, theta: number): number {
  const key = `${n}:${theta}`;
  let value = zetas.get(key);
  if (value === undefined) {
    if (zetas.size >= 1000) zetas.clear();
    value = zeta(n, theta);
    zetas.set(key, value);
  }
  return value;
}

/**
 * Zipfian keys by the method of Gray et al., "Quickly generating billion-record synthetic
 * databases" (SIGMOD 1994), the one YCSB uses: constant time per key after one zeta sum. Written
 * here (30 lines) rather than taken from npm: the packages that offer it are unmaintained or pull
 * in a whole statistics library, and the runner needs a seeded source of randomness.
 */
export function zipfianKeys(keySpace: number, theta: number, random: Random): KeyGenerator {
  if (!(theta > 0 && theta < 1)) throw new RangeError(`zipfian theta must be in (0, 1), not ${theta}`);
  if (keySpace === 1) return { next: () => 0 };
  const zetaN = knownZeta(keySpace, theta);
  const zeta2 = zeta(2, theta);
  const alpha = 1 / (1 - theta);
  const eta = (1 - (2 / keySpace) ** (1 - theta)) / (1 - zeta2 / zetaN);
  const secondCut = 1 + 0.5 ** theta;
  return {
    next() {
      const u = random();
      const uz = u * zetaN;
      if (uz < 1) return 0;
      if (uz < secondCut) return 1;
      return Math.min(keySpace - 1, Math.floor(keySpace * (eta * u - eta + 1) ** alpha));
    },
  };
}

export function keyGenerator(distribution: KeyDistribution, keySpace: number, random: Random, theta = 0.99): KeyGenerator {
  return distribution === 'zipfian' ? zipfianKeys(keySpace, theta, random) : uniformKeys(keySpace, random);
}
