import type { Pool } from '../infra/db/pool';
import type { Sla } from '../core/types';
import { clusterSlas } from './sql/cluster-facts';

const TTL_MS = 10_000;

/**
 * Clusters' SLAs for scoring, read from PostgreSQL at most once per cluster per ten seconds, and
 * for a whole batch of clusters in one query. A cluster missing from the answer no longer exists.
 */
export class SlaCache {
  private readonly entries = new Map<string, { sla: Sla | null; until: number }>();

  constructor(private readonly pool: Pool) {}

  async forClusters(clusterIds: Iterable<string>, now = Date.now()): Promise<Map<string, Sla>> {
    const out = new Map<string, Sla>();
    const missing: string[] = [];
    for (const id of clusterIds) {
      const hit = this.entries.get(id);
      if (hit && hit.until > now) {
        if (hit.sla) out.set(id, hit.sla);
      } else missing.push(id);
    }
    if (missing.length === 0) return out;
    const found = await clusterSlas(this.pool, missing);
    for (const id of missing) {
      const sla = found.get(id) ?? null;
      this.entries.set(id, { sla, until: now + TTL_MS });
      if (sla) out.set(id, sla);
    }
    return out;
  }
}
