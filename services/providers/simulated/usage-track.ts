import type { Pool } from '../../infra/db/pool';
import type { SimEngine } from './sim-engine';
import { between } from './randomness';
import { anchoredSeries, usageAt, usageSeriesFor, type UsageSeries } from './usage-series';
import { DAY_MS } from '../../core/clock';
import { usageSeriesRow } from './sql/sim-usage-series';

/** A cluster with no series yet is asked about again after this long (its history may have been written since). */
const MISSING_RECHECK_MS = 10_000;

/** A simulated cluster's usage: one seeded series from `origin`, in real time (the simulator's time scale does not speed it up). */
export interface ClusterUsage {
  series: UsageSeries;
  /** Epoch ms of the series' day 0. */
  origin: number;
}

/** Where a cluster stands on its series at `at`, in GB of its usable capacity. */
export const clusterUsedGb = (usage: ClusterUsage, at: number): number => usageAt(usage.series, (at - usage.origin) / DAY_MS);

/** Where a series was anchored: its trend passes through `gb` at `day` (what the cluster held when it was made). */
export interface UsageAnchor {
  day: number;
  gb: number;
}

/**
 * What a new simulated cluster holds on the day it is made: 40–80% (seeded by its id) of the data its
 * team said to expect, or of its capacity if that is less. A cluster is sized to hold what its team
 * expects within the engine's fill limit, often with little room to spare; a new one is not full yet.
 */
export const heldAtStartGb = (seed: number, clusterId: string, expectedGb: number, capacityGb: number): number =>
  Math.min(expectedGb, capacityGb) * between(seed, 0.4, 0.8, clusterId, 'usage', 'held-at-start');

/** The series of a cluster: keyed by its id, so the backfill and the live simulator draw the same one. */
export const seriesOf = (seed: number, clusterId: string, capacityGb: number, anchor?: UsageAnchor | null): UsageSeries =>
  anchor ? anchoredSeries(usageSeriesFor(seed, clusterId, capacityGb), anchor) : usageSeriesFor(seed, clusterId, capacityGb);

/**
 * The share of the cluster's data one node holds: all of it where every node holds a copy
 * (Redis, PostgreSQL), else the region's copies spread evenly over the region's nodes.
 */
export function nodeShare(engine: SimEngine, nodesInRegion: number): number {
  const profile = engine.sizing;
  return profile.placement === 'replicated' ? 1 : profile.copiesPerRegion / Math.max(1, nodesInRegion);
}

/** GB of the cluster's series `node` holds at `at`, given the cluster's nodes (terminated ones do not count). */
export function heldGb(
  usage: ClusterUsage,
  at: number,
  node: { region: string },
  cluster: Array<{ region: string; terminated_at: Date | null }>,
  engine: SimEngine,
): number {
  const inRegion = cluster.filter((n) => n.region === node.region && n.terminated_at === null).length;
  return clusterUsedGb(usage, at) * nodeShare(engine, inRegion);
}

export interface NodeUse {
  diskUsedGb: number;
  memoryUsedGb: number;
}

/**
 * A node's disk and memory given the GB of the engine's resource it holds. An in-memory engine holds
 * its data in memory and writes `diskPerHeldGb` of it to disk (Redis's append-only file: about as
 * much again); the other engines hold it on disk and use memory as `memoryPercent` of the instance says.
 */
export function nodeUse(engine: SimEngine, heldGb: number, instance: { diskGb: number; memoryGb: number }, memoryPercent: number): NodeUse {
  if (engine.sizing.resource === 'memoryGb')
    return { memoryUsedGb: heldGb, diskUsedGb: Math.min(instance.diskGb, heldGb * engine.simulated.diskPerHeldGb) };
  return { diskUsedGb: Math.min(instance.diskGb, heldGb), memoryUsedGb: (memoryPercent / 100) * instance.memoryGb };
}

/**
 * The usage series of simulated clusters (sim_usage_series, written when a cluster's history is
 * backfilled). A series never changes once written, so each is read once per process; a cluster
 * without one is asked about again every few seconds.
 */
export class ClusterUsages {
  private readonly known = new Map<string, { checkedAt: number; usage: ClusterUsage | null }>();

  constructor(
    private readonly pool: Pool,
    private readonly seed: number,
  ) {}

  async forCluster(clusterId: string, now: number): Promise<ClusterUsage | null> {
    const cached = this.known.get(clusterId);
    if (cached && (cached.usage !== null || now - cached.checkedAt < MISSING_RECHECK_MS)) return cached.usage;
    const row = await usageSeriesRow(this.pool, clusterId);
    const usage = row ? { series: seriesOf(this.seed, clusterId, row.capacityGb, row.anchor), origin: row.origin.getTime() } : null;
    this.known.set(clusterId, { checkedAt: now, usage });
    return usage;
  }
}
