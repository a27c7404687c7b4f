import type { Pool } from '../../services/infra/db/pool';

/**
 * Copies one provisioned simulated cluster `count` times straight in PostgreSQL: the cluster row,
 * its credential, its node rows and the simulator's instance rows, so every copy is a cluster the
 * workflows can act on (benchmarks, node changes) without provisioning thousands one by one.
 * One copy in `testEvery` is a test cluster; prod copies get SLAs of varying criticality.
 */
export async function cloneFleet(
  pool: Pool,
  templateId: string,
  templateName: string,
  prefix: string,
  count: number,
  testEvery = 10,
): Promise<void> {
  const batch = 1000;
  for (let from = 1; from <= count; from += batch) {
    const to = Math.min(count, from + batch - 1);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `CREATE TEMP TABLE copies ON COMMIT DROP AS
           SELECT i, gen_random_uuid() AS id, $1::text || '-' || lpad(i::text, 5, '0') AS name FROM generate_series($2::int, $3::int) i`,
        [prefix, from, to],
      );
      await client.query(
        `INSERT INTO clusters (id, name, engine, environment, regions, owner_team_id, contacts, expected_data_gb, spec, version, instance_type,
           node_count, monthly_cost_usd, oldest_node_at, status, sla, tags, simulated)
         SELECT k.id, k.name, c.engine, CASE WHEN k.i % $2 = 0 THEN 'test' ELSE 'prod' END, c.regions, c.owner_team_id, c.contacts, c.expected_data_gb,
           c.spec, c.version, c.instance_type, c.node_count, c.monthly_cost_usd, c.oldest_node_at, 'ACTIVE',
           jsonb_build_object('p99ReadMs', 50, 'p99WriteMs', 50, 'availability', (ARRAY[99.5, 99.9, 99.95, 99.99])[k.i % 4 + 1]), c.tags, true
         FROM copies k, clusters c WHERE c.id = $1`,
        [templateId, testEvery],
      );
      await client.query(
        `INSERT INTO cluster_secrets (cluster_id, password, ciphertext, nonce, auth_tag, key_id)
         SELECT k.id, s.password, s.ciphertext, s.nonce, s.auth_tag, s.key_id FROM copies k, cluster_secrets s WHERE s.cluster_id = $1`,
        [templateId],
      );
      await client.query(
        `INSERT INTO sim_instances (provider_id, name, cluster_id, region, zone, engine, version, instance_type, role, host, port, kernel_version, data_gb, launched_at, ready_at)
         SELECT k.name || substr(s.name, length($2) + 1), k.name || substr(s.name, length($2) + 1), k.id, s.region, s.zone, s.engine, s.version, s.instance_type,
           s.role, s.host, s.port, s.kernel_version, s.data_gb, s.launched_at, s.ready_at
         FROM copies k, sim_instances s WHERE s.cluster_id = $1 AND s.terminated_at IS NULL`,
        [templateId, templateName],
      );
      await client.query(
        `INSERT INTO nodes (id, cluster_id, name, region, zone, role, provider, provider_id, host, port, state, software_version, kernel_version, instance_type, simulated, launched_at)
         SELECT gen_random_uuid(), k.id, k.name || substr(n.name, length($2) + 1), n.region, n.zone, n.role, n.provider, k.name || substr(n.provider_id, length($2) + 1),
           n.host, n.port, n.state, n.software_version, n.kernel_version, n.instance_type, n.simulated, n.launched_at
         FROM copies k, nodes n WHERE n.cluster_id = $1 AND n.state <> 'terminated'`,
        [templateId, templateName],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
  await pool.query('ANALYZE clusters; ANALYZE nodes; ANALYZE sim_instances');
}
