import type { WorkloadDefinition } from './definition';

/**
 * The standard set: the workloads an upgrade runs before and after, and the default of an on-demand
 * benchmark. Small key space and payload so they fit a local node's 128 MB; zipfian, as real
 * traffic has hot keys.
 */
export const StandardWorkloads = [
  {
    name: 'read-heavy-80-20',
    description: '80% reads, 20% writes over 10,000 hot-skewed keys',
    readRatio: 0.8,
    keySpace: 10_000,
    payloadBytes: 100,
    distribution: 'zipfian',
    zipfianTheta: 0.99,
    concurrency: 8,
    durationSeconds: 10,
    warmupSeconds: 2,
  },
  {
    name: 'balanced-50-50',
    description: 'half reads, half writes over 10,000 hot-skewed keys',
    readRatio: 0.5,
    keySpace: 10_000,
    payloadBytes: 100,
    distribution: 'zipfian',
    zipfianTheta: 0.99,
    concurrency: 8,
    durationSeconds: 10,
    warmupSeconds: 2,
  },
  {
    name: 'write-heavy-10-90',
    description: '10% reads, 90% writes over 10,000 hot-skewed keys',
    readRatio: 0.1,
    keySpace: 10_000,
    payloadBytes: 100,
    distribution: 'zipfian',
    zipfianTheta: 0.99,
    concurrency: 8,
    durationSeconds: 10,
    warmupSeconds: 2,
  },
] as const satisfies readonly WorkloadDefinition[];

export type StandardWorkloadName = (typeof StandardWorkloads)[number]['name'];
export const StandardWorkloadNames = StandardWorkloads.map((w) => w.name);

export function standardWorkload(name: string): WorkloadDefinition | undefined {
  return StandardWorkloads.find((w) => w.name === name);
}

/**
 * A standard workload run for `durationSeconds` instead: its warm-up shrinks to at most a fifth of
 * the run, so a short on-demand run still measures most of its time.
 */
export function withDuration(workload: WorkloadDefinition, durationSeconds: number): WorkloadDefinition {
  return { ...workload, durationSeconds, warmupSeconds: Math.min(workload.warmupSeconds, durationSeconds / 5) };
}
