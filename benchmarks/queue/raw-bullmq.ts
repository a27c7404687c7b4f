import { Queue, Worker } from 'bullmq';
import { createRedis } from '../../services/infra/queues/connection';
import { produce } from '../lib/report';
import { onCleanup } from '../lib/cleanup';
import { removeRedisPrefix } from '../lib/redis-prefix';
import { runId } from '../lib/run-id';

let rounds = 0;

/**
 * The baseline: plain BullMQ jobs with a processor that does nothing, produced one at a time by
 * `producers` concurrent loops, consumed at `concurrency` — the same shape as the operation path.
 */
export async function rawBullmqThroughput(redisUrl: string, jobs: number, producers: number, concurrency: number): Promise<number> {
  const prefix = `dfbench-raw-${runId}-${(rounds += 1)}`;
  // Removed at the end and on SIGINT/SIGTERM: only this round's keys, never a FLUSH.
  const remove = onCleanup(() => removeRedisPrefix(redisUrl, prefix));
  const connection = createRedis(redisUrl);
  const queue = new Queue('raw', { connection, prefix });
  let done = 0;
  let finish: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (finish = resolve));
  const workerConnection = createRedis(redisUrl);
  const worker = new Worker('raw', async () => undefined, { connection: workerConnection, prefix, concurrency });
  worker.on('completed', () => {
    done += 1;
    if (done === jobs) finish();
  });
  const started = performance.now();
  await produce(jobs, producers, async (i) => {
    await queue.add('job', { i }, { jobId: `job-${i}`, priority: 3, removeOnComplete: true });
  });
  await allDone;
  const elapsed = performance.now() - started;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  workerConnection.disconnect();
  await remove();
  return (jobs / elapsed) * 1000;
}
