import type { ClusterNode } from '../../../core/types';
import type { WorkloadDefinition } from '../../../workload/definition';
import { definitionOf } from '../benchmark/run-phase';

/** The first changed replica and the replica kept on the old version beside it while both are measured. */
export interface CanaryPair {
  canary: string;
  baseline: string;
}

/**
 * The pair for a canary step, or why there is none (the upgrade is then measured before and after,
 * as a whole). The canary is the first node of the rolling order that is not the primary (the
 * rolling change changes it first anyway); the baseline is the next such node, in the canary's region
 * when there is one, and in a cluster of a primary and one replica the primary, which the rolling
 * change leaves for last. Either way the pair's own difference (a primary also takes the writes'
 * replication work, a node in another region a longer way) is measured before the change and taken
 * out (the calibration rounds). A cluster of one node has no pair; nor has a cluster whose workload
 * driver cannot send every read to one chosen node (the simulated driver and the engines with
 * `workloadReadsFromOneNode`, Redis, PostgreSQL and memcached, can; Cassandra's and Elasticsearch's
 * send each read to a node that holds its key).
 */
export function canaryPairOf(
  ordered: readonly ClusterNode[],
  readsFromOneNode: boolean,
): { pair: CanaryPair; why: null } | { pair: null; why: string } {
  if (!readsFromOneNode) return { pair: null, why: "this cluster's workload driver cannot read from one chosen node" };
  const readers = ordered.filter((n) => n.role !== 'primary');
  const canary = readers[0];
  const others = readers.slice(1);
  const baseline = others.find((n) => n.region === canary?.region) ?? others[0] ?? ordered.find((n) => n.role === 'primary');
  if (!canary || !baseline) return { pair: null, why: 'a cluster of one node has no other node to read beside the one changed' };
  return { pair: { canary: canary.name, baseline: baseline.name }, why: null };
}

/** Workloads that read: their reads are measured at the canary beside the baseline. */
export const readCarrying = (workloads: readonly string[]): string[] => workloads.filter((w) => definitionOf(w).readRatio > 0);

/**
 * Workloads measured before and after the whole change: with a canary pair, those that write (writes
 * go to the primary alone, so no replica pair can measure them side by side); without one, all.
 */
export const beforeAfterWorkloads = (workloads: readonly string[], pair: CanaryPair | null | undefined): string[] =>
  pair ? workloads.filter((w) => definitionOf(w).readRatio < 1) : [...workloads];

/** A workload's reads alone: the same keys, popularity, payload, callers and length, every operation a read. */
export const readsOf = (workload: WorkloadDefinition): WorkloadDefinition => ({ ...workload, readRatio: 1 });
