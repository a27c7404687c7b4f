import type { Pool, PoolClient } from '../../infra/db/pool';
import type { Cluster, ClusterStatus, FailoverManagerInfo, MaintenanceWindow, Sla } from '../../core/types';
import { clusterSelect, toCluster, type ClusterRecord, type ClusterRow } from './cluster-rows';
import type { ClusterFilter } from './cluster-query';
import { listClusters, type ClusterPage, type ClusterPagePosition } from './cluster-list';
import type { ClusterSecretRepository } from './cluster-secrets';
import { GroupCommit } from '../../infra/db/group-commit';

export type { ClusterRecord } from './cluster-rows';
export type { ClusterPage, ClusterPagePosition } from './cluster-list';
type Queryable = Pool | PoolClient;

export class ClusterRepository {
  /** Concurrent lookups by id from this process (the operation workers') share one statement. */
  private readonly lookups = new GroupCommit<string, ClusterRecord | null>((ids) => this.findByIds(ids), 200);

  constructor(
    private readonly pool: Pool,
    private readonly secrets: ClusterSecretRepository,
  ) {}

  async insert(cluster: Cluster, password: string, db: Queryable): Promise<void> {
    await db.query(
      `INSERT INTO clusters (id, name, engine, environment, regions, owner_team_id, contacts, expected_data_gb, spec,
         version, instance_type, status, status_reason, sla, maintenance_window, tags, simulated, monthly_cost_usd, origin)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,0,$18)`,
      [
        cluster.id,
        cluster.name,
        cluster.engine,
        cluster.environment,
        cluster.regions,
        cluster.ownerTeamId,
        cluster.contacts,
        cluster.expectedDataGb,
        JSON.stringify(cluster.spec),
        cluster.spec.version,
        cluster.spec.instanceType,
        cluster.status,
        cluster.statusReason,
        JSON.stringify(cluster.sla),
        cluster.maintenanceWindow ? JSON.stringify(cluster.maintenanceWindow) : null,
        JSON.stringify(cluster.tags),
        cluster.simulated,
        cluster.origin ? JSON.stringify(cluster.origin) : null,
      ],
    );
    await this.secrets.insert(cluster.id, password, db);
  }

  async nameTaken(name: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM clusters WHERE name = $1', [name]);
    return (rowCount ?? 0) > 0;
  }

  /** By id or by name. */
  async find(ref: string, db: Queryable = this.pool): Promise<ClusterRecord | null> {
    const byId = /^[0-9a-f-]{36}$/i.test(ref);
    const { rows } = await db.query<ClusterRow>(`${clusterSelect} WHERE ${byId ? 'c.id' : 'c.name'} = $1`, [ref]);
    return rows[0] ? toCluster(rows[0]) : null;
  }

  /** A cluster by id, read together with the lookups other callers make at the same moment. */
  findById(id: string): Promise<ClusterRecord | null> {
    return this.lookups.add(id);
  }

  private async findByIds(ids: string[]): Promise<Array<ClusterRecord | null>> {
    const byId = new Map((await this.findMany([...new Set(ids)])).map((c) => [c.id, c]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Several by id in one query (a campaign's due clusters); ids with no cluster are left out. */
  async findMany(ids: readonly string[], db: Queryable = this.pool): Promise<ClusterRecord[]> {
    if (ids.length === 0) return [];
    const { rows } = await db.query<ClusterRow>(`${clusterSelect} WHERE c.id = ANY($1::uuid[])`, [ids]);
    return rows.map(toCluster);
  }

  /** One page of the inventory; see cluster-list.ts for the cursor and the capped total. */
  async list(filter: ClusterFilter, sort: string, limit: number, position: ClusterPagePosition): Promise<ClusterPage> {
    return listClusters(this.pool, filter, sort, limit, position);
  }

  /** The cluster's generated credential, opened from its sealed row. */
  /** The cluster's status and owner, its row locked until the transaction ends; undefined when there is none. */
  async lock(clusterId: string, db: PoolClient): Promise<{ status: ClusterStatus; ownerTeamId: string } | undefined> {
    const { rows } = await db.query<{ status: ClusterStatus; owner_team_id: string }>(
      'SELECT status, owner_team_id FROM clusters WHERE id = $1 FOR UPDATE',
      [clusterId],
    );
    return rows[0] ? { status: rows[0].status, ownerTeamId: rows[0].owner_team_id } : undefined;
  }

  /** How many clusters there are of each engine and status (the /metrics gauge). */
  async countsByEngineAndStatus(): Promise<Array<{ engine: string; status: string; n: number }>> {
    const { rows } = await this.pool.query<{ engine: string; status: string; n: number }>(
      'SELECT engine, status, count(*) AS n FROM clusters GROUP BY engine, status',
    );
    return rows;
  }

  async password(clusterId: string): Promise<string> {
    return this.secrets.password(clusterId);
  }

  async setStatus(clusterId: string, status: ClusterStatus, reason: string | null, db: Queryable = this.pool): Promise<void> {
    await db.query('UPDATE clusters SET status = $2, status_reason = $3, updated_at = now() WHERE id = $1', [clusterId, status, reason]);
  }

  /** Records the cluster's HA manager (Redis Sentinel), or why it runs without one. */
  async setFailoverManager(clusterId: string, manager: FailoverManagerInfo | null, note: string | null): Promise<void> {
    await this.pool.query('UPDATE clusters SET failover_manager = $2, failover_note = $3, updated_at = now() WHERE id = $1', [
      clusterId,
      manager ? JSON.stringify(manager) : null,
      note,
    ]);
  }

  async updateSettings(
    clusterId: string,
    patch: {
      sla?: Sla;
      ownerTeamId?: string;
      maintenanceWindow?: MaintenanceWindow | null;
      contacts?: string[];
      tags?: Record<string, string>;
    },
    db: Queryable,
  ): Promise<void> {
    await db.query(
      `UPDATE clusters SET
         sla = COALESCE($2, sla),
         owner_team_id = COALESCE($3, owner_team_id),
         maintenance_window = CASE WHEN $4::boolean THEN $5::jsonb ELSE maintenance_window END,
         contacts = COALESCE($6, contacts),
         tags = COALESCE($7, tags),
         updated_at = now()
       WHERE id = $1`,
      [
        clusterId,
        patch.sla ? JSON.stringify(patch.sla) : null,
        patch.ownerTeamId ?? null,
        'maintenanceWindow' in patch,
        patch.maintenanceWindow ? JSON.stringify(patch.maintenanceWindow) : null,
        patch.contacts ?? null,
        patch.tags ? JSON.stringify(patch.tags) : null,
      ],
    );
  }

  /** Records the version or instance type every node now runs, after an upgrade or a resize (and what it now holds). */
  async recordChange(clusterId: string, change: { version?: string; instanceType?: string; usableCapacityGb?: number }): Promise<void> {
    await this.pool.query(
      `UPDATE clusters SET version = COALESCE($2, version), instance_type = COALESCE($3, instance_type),
              spec = spec || jsonb_strip_nulls(jsonb_build_object('version', $2::text, 'instanceType', $3::text, 'usableCapacityGb', $4::float8)),
              updated_at = now()
        WHERE id = $1`,
      [clusterId, change.version ?? null, change.instanceType ?? null, change.usableCapacityGb ?? null],
    );
  }

  /** Records engine parameters every node now has, after a settings change (merged into the spec's settings). */
  async recordSettings(clusterId: string, settings: Record<string, string | number | boolean>): Promise<void> {
    await this.pool.query(
      `UPDATE clusters SET spec = jsonb_set(spec, '{settings}', COALESCE(spec->'settings', '{}'::jsonb) || $2::jsonb), updated_at = now()
        WHERE id = $1`,
      [clusterId, JSON.stringify(settings)],
    );
  }

  /** Records each node's grown disk and the usable capacity it gives, after a grow-storage operation. */
  async recordStorage(clusterId: string, storage: { diskGb: number; usableCapacityGb: number }): Promise<void> {
    await this.pool.query(
      `UPDATE clusters SET spec = spec || jsonb_build_object('diskGb', $2::int, 'usableCapacityGb', $3::float8), updated_at = now()
        WHERE id = $1`,
      [clusterId, storage.diskGb, storage.usableCapacityGb],
    );
  }

  /** Records a new size after a scale operation added or removed nodes (and what a partitioned engine's nodes now hold). */
  async setNodesPerRegion(clusterId: string, nodesPerRegion: number, usableCapacityGb?: number): Promise<void> {
    await this.pool.query(
      `UPDATE clusters SET spec = spec || jsonb_strip_nulls(jsonb_build_object('nodesPerRegion', $2::int, 'usableCapacityGb', $3::float8)),
              updated_at = now() WHERE id = $1`,
      [clusterId, nodesPerRegion, usableCapacityGb ?? null],
    );
  }

  /** Recomputes the inventory's node-derived columns from the live nodes. */
  async refreshNodeStats(clusterId: string, hourlyUsdPerNode: number): Promise<void> {
    await this.pool.query(
      `UPDATE clusters c SET node_count = s.n, oldest_node_at = s.oldest,
              monthly_cost_usd = round(s.n * $2::numeric * 730, 2), updated_at = now()
         FROM (SELECT count(*) AS n, min(launched_at) AS oldest FROM nodes
                WHERE cluster_id = $1 AND state <> 'terminated') s
        WHERE c.id = $1`,
      [clusterId, hourlyUsdPerNode],
    );
  }
}
