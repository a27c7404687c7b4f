import type { Pool } from '../../services/infra/db/pool';
import { Environments } from '../../services/core/types';

const regions = ['us-east-1', 'us-west-2', 'eu-west-1'];
const versions: Record<string, string[]> = {
  cassandra: ['4.0.13', '4.1.5', '5.0.2'],
  elasticsearch: ['7.17.22', '8.15.0'],
  redis: ['7.0.15', '7.2.5'],
  postgres: ['15.20', '16.4', '17.6'],
};
const engineNames = Object.keys(versions);

export interface SeededCluster {
  name: string;
  engine: string;
  version: string;
  environment: string;
  region: string;
  nodes: number;
  cost: number;
  ageDays: number;
}

/** The i-th seeded cluster's attributes: a pure function of i, so a benchmark knows how many rows a filter matches. */
export function seededCluster(i: number, prefix = 'bench'): SeededCluster {
  const engine = engineNames[i % engineNames.length]!;
  const engineVersions = versions[engine]!;
  // Divided by the engine count so every version of an engine occurs (i % 4 fixes i's parity).
  const version = engineVersions[Math.floor(i / engineNames.length) % engineVersions.length]!;
  const nodes = 3 + (i % 7) * 3;
  return {
    name: `${prefix}-${String(i).padStart(6, '0')}`,
    engine,
    version,
    environment: Environments[i % 2]!,
    region: regions[i % regions.length]!,
    nodes,
    cost: Math.round(nodes * 0.25 * 730 * 100) / 100,
    ageDays: i % 900,
  };
}

/**
 * Inserts the seeded clusters [from, count) as ACTIVE simulated clusters straight into PostgreSQL,
 * owned by `teamId`, with varied engines, versions, regions, sizes and ages, for inventory benchmarks.
 */
export async function seedClusters(pool: Pool, teamId: string, count: number, prefix = 'bench', from = 0): Promise<void> {
  const batch = 2000;
  for (let start = from; start < count; start += batch) {
    const rows = Array.from({ length: Math.min(batch, count - start) }, (_, k) => ({
      id: crypto.randomUUID(),
      ...seededCluster(start + k, prefix),
    }));
    await pool.query(
      `INSERT INTO clusters (id, name, engine, environment, regions, owner_team_id, contacts, expected_data_gb, spec, version,
         instance_type, node_count, monthly_cost_usd, oldest_node_at, status, sla, simulated, created_at)
       SELECT r.id, r.name, r.engine, r.environment, ARRAY[r.region], $2, '{}', 100,
         jsonb_build_object('version', r.version, 'nodesPerRegion', r.nodes, 'instanceType', 'r5.xlarge', 'replicationFactor', 3,
           'usableCapacityGb', 1000, 'settings', '{}'::jsonb),
         r.version, 'r5.xlarge', r.nodes, r.cost, now() - make_interval(days => r.age_days), 'ACTIVE',
         '{"p99ReadMs":10,"p99WriteMs":20,"availability":99.99}', true, now() - make_interval(days => r.age_days)
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, name text, engine text, version text, environment text, region text,
         nodes int, cost numeric, age_days int)`,
      [JSON.stringify(rows.map((r) => ({ ...r, age_days: r.ageDays }))), teamId],
    );
  }
  await pool.query('VACUUM ANALYZE clusters');
}
