import type { Pool, PoolClient } from '../../../infra/db/pool';
import type { EngineName } from '../../../core/types';

/** A simulated cluster still waiting for its history. */
export interface BackfillCandidate {
  id: string;
  engine: EngineName;
  capacity_gb: number;
  /** What the team said the cluster would hold. */
  expected_data_gb: number;
}

export interface BackfillNodeRow {
  id: string;
  cluster_id: string;
  name: string;
  region: string;
  software_version: string;
  instance_type: string;
}

/** Live simulated clusters with no usage series yet, oldest first (or only `onlyClusterId`). */
export async function backfillCandidates(pool: Pool, onlyClusterId: string | null): Promise<BackfillCandidate[]> {
  const { rows } = await pool.query<BackfillCandidate>(
    `SELECT c.id, c.engine, (c.spec->>'usableCapacityGb')::float8 AS capacity_gb,
            c.expected_data_gb::float8 AS expected_data_gb FROM clusters c
      WHERE c.simulated AND c.status IN ('ACTIVE', 'UPDATING') AND ($1::uuid IS NULL OR c.id = $1)
        AND NOT EXISTS (SELECT 1 FROM sim_usage_series s WHERE s.cluster_id = c.id)
      ORDER BY c.created_at`,
    [onlyClusterId],
  );
  return rows;
}

/** The nodes not terminated of these clusters, by name. */
export async function liveNodesOf(pool: Pool, clusterIds: string[]): Promise<BackfillNodeRow[]> {
  const { rows } = await pool.query<BackfillNodeRow>(
    `SELECT id, cluster_id, name, region, software_version, instance_type FROM nodes
      WHERE cluster_id = ANY($1::uuid[]) AND state <> 'terminated' ORDER BY name`,
    [clusterIds],
  );
  return rows;
}

/** Claims the clusters' usage series; returns the ids this call claimed (another run may hold the rest). */
export async function claimUsageSeries(
  client: PoolClient,
  clusters: Array<{ id: string; capacity_gb: number; anchor: { day: number; gb: number } }>,
  origin: Date,
  historyDays: number,
): Promise<Set<string>> {
  const { rows } = await client.query<{ cluster_id: string }>(
    `INSERT INTO sim_usage_series (cluster_id, origin, capacity_gb, history_days, anchor_day, anchor_gb)
     SELECT unnest($1::uuid[]), $2, unnest($3::real[]), $4, unnest($5::real[]), unnest($6::real[])
     ON CONFLICT (cluster_id) DO NOTHING RETURNING cluster_id`,
    [
      clusters.map((c) => c.id),
      origin,
      clusters.map((c) => c.capacity_gb),
      historyDays,
      clusters.map((c) => c.anchor.day),
      clusters.map((c) => c.anchor.gb),
    ],
  );
  return new Set(rows.map((r) => r.cluster_id));
}

/**
 * Forgets what the clusters' nodes reported before they followed the series: raw points before
 * `now`, and the rollups from `today` on that were made of them.
 */
export async function dropPointsBeforeHistory(client: PoolClient, clusterIds: string[], now: Date, today: Date): Promise<void> {
  await client.query('DELETE FROM metric_points WHERE node_id IN (SELECT id FROM nodes WHERE cluster_id = ANY($1::uuid[])) AND at < $2', [
    clusterIds,
    now,
  ]);
  await client.query('DELETE FROM cluster_metric_rollups WHERE cluster_id = ANY($1::uuid[]) AND bucket >= $2', [clusterIds, today]);
  await client.query(
    'DELETE FROM node_metric_rollups WHERE node_id IN (SELECT id FROM nodes WHERE cluster_id = ANY($1::uuid[])) AND bucket >= $2',
    [clusterIds, today],
  );
}
