/**
 * Seeded randomness: Math.random cannot be seeded, and simulated runs and the gate's bootstrap
 * resamples must repeat exactly for a seed.
 */
export type Random = () => number;

/** A small fast generator (mulberry32): 32-bit state, good enough to pick keys, operations and resamples. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A seed from text (a workload and node name), so each run of a pair repeats. */
export function seedFrom(text: string): number {
  let hash = 2_166_136_261;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 16_777_619);
  return hash >>> 0;
}
