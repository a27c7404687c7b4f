import type { PoolClient } from '../../../infra/db/pool';
import { arrayLiteral } from '../array-literal';
import type { ClusterRollupRow, NodeRollupRow } from '../../../core/metric-rollups';

const nodeKeys = [
  'nodeId',
  'clusterId',
  'resolution',
  'bucket',
  'samples',
  'fillMax',
  'diskUsedGbMax',
  'memoryUsedGbMax',
  'readsAvg',
  'readsMax',
  'writesAvg',
  'writesMax',
  'p99Avg',
  'p99Max',
] as const;
const clusterKeys = [
  'clusterId',
  'resolution',
  'bucket',
  'samples',
  'fillMax',
  'usedGbMax',
  'capacityGb',
  'readsAvg',
  'readsMax',
  'writesAvg',
  'writesMax',
  'p99Max',
  'nodeCount',
] as const;

const upsertNodes = `
  INSERT INTO node_metric_rollups (node_id, cluster_id, resolution, bucket, samples, fill_max, disk_used_gb_max, memory_used_gb_max,
                                   reads_avg, reads_max, writes_avg, writes_max, p99_avg, p99_max)
  SELECT n, c, r, to_timestamp(b / 1000), s, f, d, m, ra, rm, wa, wm, pa, pm
    FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::float8[], $5::int[], $6::real[], $7::real[], $8::real[],
                $9::real[], $10::real[], $11::real[], $12::real[], $13::real[], $14::real[]) AS u(n, c, r, b, s, f, d, m, ra, rm, wa, wm, pa, pm)
  ON CONFLICT (node_id, resolution, bucket) DO UPDATE SET
    samples = excluded.samples, fill_max = excluded.fill_max, disk_used_gb_max = excluded.disk_used_gb_max,
    memory_used_gb_max = excluded.memory_used_gb_max, reads_avg = excluded.reads_avg, reads_max = excluded.reads_max,
    writes_avg = excluded.writes_avg, writes_max = excluded.writes_max, p99_avg = excluded.p99_avg, p99_max = excluded.p99_max`;

const upsertClusters = `
  INSERT INTO cluster_metric_rollups (cluster_id, resolution, bucket, samples, fill_max, used_gb_max, capacity_gb,
                                      reads_avg, reads_max, writes_avg, writes_max, p99_max, node_count)
  SELECT c, r, to_timestamp(b / 1000), s, f, u, cap, ra, rm, wa, wm, p, nc
    FROM unnest($1::uuid[], $2::text[], $3::float8[], $4::int[], $5::real[], $6::real[], $7::real[],
                $8::real[], $9::real[], $10::real[], $11::real[], $12::real[], $13::int[]) AS x(c, r, b, s, f, u, cap, ra, rm, wa, wm, p, nc)
  ON CONFLICT (cluster_id, resolution, bucket) DO UPDATE SET
    samples = excluded.samples, fill_max = excluded.fill_max, used_gb_max = excluded.used_gb_max, capacity_gb = excluded.capacity_gb,
    reads_avg = excluded.reads_avg, reads_max = excluded.reads_max, writes_avg = excluded.writes_avg, writes_max = excluded.writes_max,
    p99_max = excluded.p99_max, node_count = excluded.node_count`;

/** Rows per statement: large enough that a round trip is cheap per row, small enough to bound memory. */
const CHUNK = 20_000;

async function upsert<T extends object>(client: PoolClient, sql: string, keys: readonly (keyof T)[], rows: T[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await client.query(
      sql,
      keys.map((k) => arrayLiteral(chunk.map((r) => r[k] as number | string | Date | null))),
    );
  }
}

/** Writes whole rollup buckets (written again, a bucket is replaced), as multi-row unnest inserts. */
export async function upsertNodeRollups(client: PoolClient, rows: NodeRollupRow[]): Promise<void> {
  await upsert(client, upsertNodes, nodeKeys, rows);
}

export async function upsertClusterRollups(client: PoolClient, rows: ClusterRollupRow[]): Promise<void> {
  await upsert(client, upsertClusters, clusterKeys, rows);
}
