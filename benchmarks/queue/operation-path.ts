import type { RunningDatafleet } from '../../services/app/app';
import { sleep } from '../../services/core/clock';
import { produce } from '../lib/report';

/**
 * The whole operation path with a step that does nothing: the operation, its step and audit event
 * recorded, queued, picked up by the worker, claimed under the cluster lease, finished with the
 * lease released and the next operation of the cluster promoted, live notices published.
 */
export async function operationThroughput(app: RunningDatafleet, clusterIds: string[], jobs: number, producers: number): Promise<number> {
  const service = app.services.operations;
  const before = await succeededCount(app);
  const started = performance.now();
  await produce(jobs, producers, async (i) => {
    await service.request({ clusterId: clusterIds[i % clusterIds.length]!, type: 'noop', requestedBy: 'bench', reason: 'throughput' });
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
