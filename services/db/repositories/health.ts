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
