import type { CapacityDeps } from '../capacity-deps';
import { withTransaction } from '../../infra/db/pool';
import { upsertClusterRollups, upsertNodeRollups } from './sql/rollup-writer';
import type { ClusterRollupRow, NodeRollupRow } from '../../core/metric-rollups';
import { historyOf, type HistoryNode } from '../../providers/simulated/history-backfill';
import { heldAtStartGb, seriesOf } from '../../providers/simulated/usage-track';
import { DAY_MS } from '../../core/clock';
import {
  backfillCandidates,
  claimUsageSeries,
  dropPointsBeforeHistory,
  liveNodesOf,
  type BackfillCandidate as Candidate,
} from './sql/simulated-history-rows';

/** Clusters per transaction: a few hundred thousand rollup rows at 120 days. */
const CLUSTERS_PER_BATCH = 25;
const PARALLEL_BATCHES = 2;
/** An instance type missing from the regions file is taken for a mid-sized one. */
const FALLBACK_INSTANCE = { vcpu: 4, diskGb: 300, memoryGb: 16 };

/**
 * Gives every simulated cluster that has no usage series yet (newly provisioned) its series (its trend
 * reaching 40–80% of the data the team expected today: heldAtStartGb, anchoredSeries) and
 * `simulatorHistoryDays` days of hourly and daily rollups, ending now; from then on the simulator's
 * live disk and memory continue the series. The series row is written in the same transaction as
 * the history, so a cluster is backfilled exactly once; what its nodes reported before (a few
 * minutes on the simulator's own growth) is replaced by the history. Batches stop starting after
 * `budgetMs`; the rest waits for the next run. With `onlyClusterId`, that cluster alone (just provisioned).
 * Returns how many clusters it backfilled.
 */
export async function backfillSimulatedHistory(
  ctx: CapacityDeps,
  at: Date,
  budgetMs = Infinity,
  onlyClusterId: string | null = null,
): Promise<number> {
  const candidates = await backfillCandidates(ctx.pool, onlyClusterId);
  const batches: Candidate[][] = [];
  for (let i = 0; i < candidates.length; i += CLUSTERS_PER_BATCH) batches.push(candidates.slice(i, i + CLUSTERS_PER_BATCH));
  let done = 0;
  // A fleet arriving at once (10,000 clusters: about 20 minutes) is spread over several runs, so
  // the live rollups of each run never wait behind it: no batch starts after most of a period.
  const stopAt = Date.now() + budgetMs;
  // Batches are independent transactions; two at a time keep the database's cores busy.
  await Promise.all(
    Array.from({ length: PARALLEL_BATCHES }, async () => {
      for (let batch = batches.shift(); batch && (done === 0 || Date.now() < stopAt); batch = batches.shift()) {
        const backfilled = await backfillBatch(ctx, batch, at.getTime());
        done += backfilled;
      }
    }),
  );
  return done;
}

async function nodesOf(ctx: CapacityDeps, clusterIds: string[]): Promise<Map<string, HistoryNode[]>> {
  const rows = await liveNodesOf(ctx.pool, clusterIds);
  const byCluster = new Map<string, HistoryNode[]>();
  for (const r of rows) {
    const type = ctx.regions.instanceTypes.get(r.instance_type) ?? FALLBACK_INSTANCE;
    const node = {
      nodeId: r.id,
      name: r.name,
      region: r.region,
      version: r.software_version,
      instance: { vcpu: type.vcpu, diskGb: type.diskGb, memoryGb: type.memoryGb },
    };
    byCluster.set(r.cluster_id, [...(byCluster.get(r.cluster_id) ?? []), node]);
  }
  return byCluster;
}

async function backfillBatch(ctx: CapacityDeps, clusters: Candidate[], now: number): Promise<number> {
  const { simulatorSeed: seed, simulatorTimeScale: timeScale, simulatorHistoryDays: days, metricsRawIntervalMs } = ctx.config;
  const origin = Math.floor(now / DAY_MS) * DAY_MS - days * DAY_MS;
  const nodes = await nodesOf(
    ctx,
    clusters.map((c) => c.id),
  );
  // Stored as real (4 bytes): the simulator reads both back and must draw the very same series.
  const ready = clusters
    .filter((c) => (nodes.get(c.id)?.length ?? 0) > 0 && c.capacity_gb > 0)
    .map((c) => {
      const capacity = Math.fround(c.capacity_gb);
      const anchor = {
        day: Math.fround((now - origin) / DAY_MS),
        gb: Math.fround(heldAtStartGb(seed, c.id, c.expected_data_gb, capacity)),
      };
      return { ...c, capacity_gb: capacity, anchor };
    });
  if (ready.length === 0) return 0;
  return withTransaction(ctx.pool, async (client) => {
    const ids = await claimUsageSeries(client, ready, new Date(origin), days);
    if (ids.size === 0) return 0;
    // What the nodes reported before they followed the series, and the rollups made of it.
    await dropPointsBeforeHistory(client, [...ids], new Date(now), new Date(Math.floor(now / DAY_MS) * DAY_MS));
    const nodeRows: NodeRollupRow[] = [];
    const clusterRows: ClusterRollupRow[] = [];
    const options = { seed, timeScale, samplesPerHour: Math.max(1, Math.round(3_600_000 / metricsRawIntervalMs)), until: now };
    for (const c of ready.filter((r) => ids.has(r.id))) {
      const usage = { series: seriesOf(seed, c.id, c.capacity_gb, c.anchor), origin };
      historyOf({ clusterId: c.id, engine: ctx.engines.get(c.engine), usage, nodes: nodes.get(c.id) ?? [] }, options, {
        node: (row) => nodeRows.push(row),
        cluster: (row) => clusterRows.push(row),
      });
    }
    await upsertNodeRollups(client, nodeRows);
    await upsertClusterRollups(client, clusterRows);
    return ids.size;
  });
}
