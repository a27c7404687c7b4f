import type { Pool } from '../../infra/db/pool';
import { asObservedState, type ClusterHealthSummary, type ObservedHealth } from '../../fleet/node-condition';

export interface HealthRecord {
  targetType: 'node' | 'cluster';
  targetId: string;
  clusterId: string;
  state: string;
  score: number;
  causes: string[];
  updatedAt: Date;
}

export interface HealthTransition {
  targetType: 'node' | 'cluster';
  targetId: string;
  clusterId: string;
  fromState: string | null;
  toState: string;
  score: number;
  causes: string[];
  at: Date;
}

export class HealthRepository {
  constructor(private readonly pool: Pool) {}

  /** Stores the current state and, in the same statement, the transition that led to it. */
  async transition(t: Omit<HealthTransition, 'at'>): Promise<void> {
    await this.pool.query(
      `WITH s AS (
         INSERT INTO health_states (target_type, target_id, cluster_id, state, score, causes, updated_at)
         VALUES ($1, $2, $3, $5, $6, $7, now())
         ON CONFLICT (target_type, target_id) DO UPDATE SET state = EXCLUDED.state, score = EXCLUDED.score, causes = EXCLUDED.causes, updated_at = now())
       INSERT INTO health_transitions (target_type, target_id, cluster_id, from_state, to_state, score, causes) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [t.targetType, t.targetId, t.clusterId, t.fromState, t.toState, t.score, JSON.stringify(t.causes)],
    );
  }

  /**
   * Many transitions in one statement, in order: each target's current state becomes its last
   * transition's. The health stream records a whole batch of snapshots' changes this way.
   */
  async transitionMany(ts: Array<Omit<HealthTransition, 'at'>>): Promise<void> {
    if (ts.length === 0) return;
    const rows = ts.map((t, ord) => ({
      ord,
      target_type: t.targetType,
      target_id: t.targetId,
      cluster_id: t.clusterId,
      from_state: t.fromState,
      to_state: t.toState,
      score: t.score,
      causes: t.causes,
    }));
    await this.pool.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS t(ord int, target_type text, target_id uuid, cluster_id uuid, from_state text, to_state text, score int, causes jsonb)),
       s AS (
         INSERT INTO health_states (target_type, target_id, cluster_id, state, score, causes, updated_at)
         SELECT DISTINCT ON (target_type, target_id) target_type, target_id, cluster_id, to_state, score, causes, now()
           FROM input ORDER BY target_type, target_id, ord DESC
         ON CONFLICT (target_type, target_id) DO UPDATE SET state = EXCLUDED.state, score = EXCLUDED.score, causes = EXCLUDED.causes, updated_at = now())
       INSERT INTO health_transitions (target_type, target_id, cluster_id, from_state, to_state, score, causes)
       SELECT target_type, target_id, cluster_id, from_state, to_state, score, causes FROM input ORDER BY ord`,
      [JSON.stringify(rows)],
    );
  }

  /** The recorded states of these clusters (cluster targets only), by cluster id. */
  async clusterStates(clusterIds: string[]): Promise<Map<string, { state: string; score: number }>> {
    const { rows } = await this.pool.query<{ target_id: string; state: string; score: number }>(
      `SELECT target_id, state, score FROM health_states WHERE target_type = 'cluster' AND target_id = ANY($1::uuid[])`,
      [clusterIds],
    );
    return new Map(rows.map((r) => [r.target_id, { state: r.state, score: r.score }]));
  }

  /** Each node's observed health, by node id, as the health stream last confirmed it; nodes never scored are absent. */
  async nodeHealth(clusterId: string): Promise<Map<string, ObservedHealth>> {
    const { rows } = await this.pool.query<{ target_id: string; state: string; score: number; causes: string[]; updated_at: Date }>(
      "SELECT target_id, state, score, causes, updated_at FROM health_states WHERE cluster_id = $1 AND target_type = 'node'",
      [clusterId],
    );
    return new Map(
      rows.map((r) => [r.target_id, { state: asObservedState(r.state), score: r.score, causes: r.causes, since: r.updated_at }]),
    );
  }

  /**
   * The inventory's health column, per cluster: its recorded state and score, and which of its live
   * (not terminated) nodes are unhealthy or degraded. Clusters never scored are absent.
   */
  async clusterSummaries(clusterIds: string[]): Promise<Map<string, ClusterHealthSummary>> {
    if (clusterIds.length === 0) return new Map();
    const { rows } = await this.pool.query<{
      id: string;
      state: string | null;
      score: number | null;
      causes: string[] | null;
      unhealthy: string[];
      degraded: string[];
    }>(
      `SELECT c.id, hc.state, hc.score, hc.causes,
              COALESCE(array_agg(n.name ORDER BY n.name) FILTER (WHERE hn.state = 'unhealthy'), '{}') AS unhealthy,
              COALESCE(array_agg(n.name ORDER BY n.name) FILTER (WHERE hn.state = 'degraded'), '{}') AS degraded
         FROM unnest($1::uuid[]) AS c(id)
         LEFT JOIN health_states hc ON hc.target_type = 'cluster' AND hc.target_id = c.id
         LEFT JOIN nodes n ON n.cluster_id = c.id AND n.state <> 'terminated'
         LEFT JOIN health_states hn ON hn.target_type = 'node' AND hn.target_id = n.id
        GROUP BY c.id, hc.state, hc.score, hc.causes
       HAVING hc.state IS NOT NULL OR count(hn.state) > 0`,
      [clusterIds],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          state: asObservedState(r.state ?? undefined),
          score: r.score,
          causes: r.causes ?? [],
          unhealthyNodes: r.unhealthy,
          degradedNodes: r.degraded,
        },
      ]),
    );
  }

  async forCluster(clusterId: string): Promise<HealthRecord[]> {
    const { rows } = await this.pool.query(
      'SELECT target_type, target_id, cluster_id, state, score, causes, updated_at FROM health_states WHERE cluster_id = $1',
      [clusterId],
    );
    return rows.map((r) => ({
      targetType: r.target_type,
      targetId: r.target_id,
      clusterId: r.cluster_id,
      state: r.state,
      score: r.score,
      causes: r.causes,
      updatedAt: r.updated_at,
    }));
  }

  /**
   * Every live cluster with its health, worst first (unhealthy, degraded, not yet scored, healthy;
   * then by score), filtered like the inventory.
   */
  async fleet(filter: { region?: string; engine?: string; environment?: string; owner?: string }): Promise<unknown[]> {
    const { rows } = await this.pool.query(
      `SELECT c.id, c.name, c.engine, c.environment, c.regions, t.name AS owner, c.node_count AS "nodeCount", c.simulated, c.status,
              COALESCE(h.state, 'unknown') AS health, h.score, COALESCE(h.causes, '[]') AS causes
         FROM clusters c JOIN teams t ON t.id = c.owner_team_id
         LEFT JOIN health_states h ON h.target_type = 'cluster' AND h.target_id = c.id
        WHERE c.status IN ('ACTIVE', 'UPDATING', 'FAILED')
          AND ($1::text IS NULL OR c.regions @> ARRAY[$1]) AND ($2::text IS NULL OR c.engine = $2)
          AND ($3::text IS NULL OR c.environment = $3) AND ($4::text IS NULL OR t.name = $4)
        ORDER BY CASE COALESCE(h.state, 'unknown') WHEN 'unhealthy' THEN 0 WHEN 'degraded' THEN 1 WHEN 'unknown' THEN 2 ELSE 3 END,
                 h.score ASC NULLS LAST, c.name`,
      [filter.region ?? null, filter.engine ?? null, filter.environment ?? null, filter.owner ?? null],
    );
    return rows;
  }

  async transitions(clusterId: string, limit = 50): Promise<HealthTransition[]> {
    const { rows } = await this.pool.query(
      `SELECT target_type, target_id, cluster_id, from_state, to_state, score, causes, at FROM health_transitions
        WHERE cluster_id = $1 ORDER BY id DESC LIMIT $2`,
      [clusterId, limit],
    );
    return rows.map((r) => ({
      targetType: r.target_type,
      targetId: r.target_id,
      clusterId: r.cluster_id,
      fromState: r.from_state,
      toState: r.to_state,
      score: r.score,
      causes: r.causes,
      at: r.at,
    }));
  }
}
