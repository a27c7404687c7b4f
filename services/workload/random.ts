import { seededRandom } from '../upgrades/sample-statistics';
/**
 * A small seeded generator (mulberry32): fast, 32-bit state, good enough to pick keys and
 * operations. Math.random cannot be seeded, and simulated runs must repeat exactly.
 */
export type Random = () => number;

export { seededRandom };


/** A seed from text (a workload and node name), so each run of a pair repeats. */
export function seedFrom(text: string): number {
  let hash = 2_166_136_261;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 16_777_619);
  return hash >>> 0;
}
