import { createHash } from 'node:crypto';

/**
 * Deterministic "randomness": a number in [0, 1) from the simulator seed and a key such as a node
 * name, so the same seed always produces the same fleet.
 */
export function unitFrom(seed: number, ...key: Array<string | number>): number {
  const digest = createHash('sha256')
    .update(`${seed}:${key.join(':')}`)
    .digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

export function between(seed: number, min: number, max: number, ...key: Array<string | number>): number {
  return min + (max - min) * unitFrom(seed, ...key);
}

/** A private address that is never contacted: simulated nodes are only described, not reached. */
export function fakeHost(seed: number, name: string): string {
  const octet = (i: number) => Math.floor(unitFrom(seed, name, 'ip', i) * 254) + 1;
  return `10.${octet(1)}.${octet(2)}.${octet(3)}`;
}

/** The simulated cloud's base images: what new nodes boot on and what a kernel upgrade may choose. */
export const SIMULATED_KERNELS = ['5.15.0-1051-aws', '6.1.0-25-cloud-amd64', '6.8.0-1015-aws'] as const;
export const kernelFor = (seed: number, name: string): string =>
  SIMULATED_KERNELS[Math.floor(unitFrom(seed, name, 'kernel') * SIMULATED_KERNELS.length)]!;
