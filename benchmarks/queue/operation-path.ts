import type { RunningDatafleet } from '../../services/app/app';
import { withTransaction } from '../../services/infra/db/pool';
import { sleep } from '../../services/core/clock';
import { produce } from '../lib/report';

/**
 * The whole operation path with a step that does nothing: the operation row and audit event
 * written in a transaction, queued, picked up by the worker, cluster lease taken, step
 * checkpointed, finished, lease released, live events published.
 */
export async function operationThroughput(app: RunningDatafleet, clusterIds: string[], jobs: number, producers: number): Promise<number> {
  const service = app.services.operations;
  const { pool } = app.ctx;
  const before = await succeededCount(app);
  const started = performance.now();
  await produce(jobs, producers, async (i) => {
    const op = await withTransaction(pool, (db) =>
      service.record(db, { clusterId: clusterIds[i % clusterIds.length]!, type: 'noop', requestedBy: 'bench', reason: 'throughput' }),
    );
    await service.dispatch(op.id, op.priority);
  });
  while ((await succeededCount(app)) - before < jobs) await sleep(20);
  return (jobs / (performance.now() - started)) * 1000;
}

async function succeededCount(app: RunningDatafleet): Promise<number> {
  const { rows } = await app.ctx.pool.query<{ n: number }>(
    "SELECT count(*) AS n FROM operations WHERE type = 'noop' AND status = 'succeeded'",
  );
  return rows[0]?.n ?? 0;
}
