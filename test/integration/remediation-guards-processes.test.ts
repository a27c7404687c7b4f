import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../services/infra/db/pool';
import { RemediationRepository, type OpenRequest } from '../../services/alerts/sql/remediations';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

// Two repositories on two pools of their own: what two API or worker processes sharing one
// database would do. The guards must hold across them, not only within one process.
let db: TestDatabase;
let otherPool: Pool;
let here: RemediationRepository;
let there: RemediationRepository;
beforeAll(async () => {
  db = await createTestDatabase();
  otherPool = createPool(db.url, 10);
  here = new RemediationRepository(db.pool);
  there = new RemediationRepository(otherPool);
});
afterAll(async () => {
  await otherPool?.end();
  await db?.drop();
});

const request = (clusterId: string, problem: string, limits: { perCluster: number; perFleet: number }): OpenRequest => ({
  dedupKey: `datafleet/${clusterId}/NodeDown/${problem}`,
  clusterId,
  node: problem,
  playbookId: 'restart-down-node',
  playbookVersion: 1,
  alertName: 'NodeDown',
  action: 'restart_node',
  notBefore: null,
  windowMs: 1_800_000,
  perClusterPerHour: limits.perCluster,
  perFleetPerHour: limits.perFleet,
  capabilityRefused: false,
});

describe('remediation guards across processes', () => {
  it('opens exactly the per-cluster limit when two processes race for one cluster', async () => {
    const cluster = randomUUID();
    const limits = { perCluster: 3, perFleet: 1_000 };
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? here : there).openGuarded(request(cluster, `n${i}`, limits))),
    );
    expect(outcomes.filter((o) => o.outcome === 'opened')).toHaveLength(3);
    expect(outcomes.filter((o) => o.outcome === 'cluster_limit')).toHaveLength(17);
    expect(outcomes.find((o) => o.outcome === 'cluster_limit')?.detail).toBe('3');
  });

  it('opens one remediation per problem however many processes see it, and counts it once against the fleet', async () => {
    const cluster = randomUUID();
    const before = await here.counts();
    const limits = { perCluster: 100, perFleet: before.started + 2 };
    const same = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? here : there).openGuarded(request(cluster, 'n0', limits))),
    );
    expect(same.filter((o) => o.outcome === 'opened')).toHaveLength(1);
    expect(same.filter((o) => o.outcome === 'duplicate')).toHaveLength(9);
    const more = await Promise.all([
      here.openGuarded(request(randomUUID(), 'n1', limits)),
      there.openGuarded(request(randomUUID(), 'n2', limits)),
    ]);
    // The fleet had room for exactly one more remediation: one of the two processes gets it.
    expect(more.map((o) => o.outcome).sort()).toEqual(['fleet_limit', 'opened']);
  });
});
