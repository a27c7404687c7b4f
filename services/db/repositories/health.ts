import type { Pool } from '../pool';

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

  async forCluster(clusterId: string): Promise<HealthRecord[]> {
    const { rows } = await this.pool.query(
      'SELECT target_type, target_id, cluster_id, state, score, causes, updated_at FROM health_states WHERE cluster_id = $1',
      [clusterId],
    );
    return rows.map((r) => ({ targetType: r.target_type, targetId: r.target_id, clusterId: r.cluster_id, state: r.state, score: r.score, causes: r.causes, updatedAt: r.updated_at }));
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
      targetType: r.target_type, targetId: r.target_id, clusterId: r.cluster_id, fromState: r.from_state, toState: r.to_state,
      score: r.score, causes: r.causes, at: r.at,
    }));
  }
}
