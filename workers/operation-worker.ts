import { DelayedError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { CoreContext } from '../services/app/context';
import { OPERATIONS_QUEUE, type OperationJob } from '../services/infra/queues/operation-queue';
import { LeaseLostError } from '../services/operations/workflow';
import type { OperationRunner } from '../services/operations/runner';
import { repeatedErrorLog } from '../services/core/repeated-error-log';

/**
 * The BullMQ side of the runner: one job per operation. A step that must wait moves the same job
 * to the delayed set (it keeps its priority) rather than sleeping in the worker. A worker that dies
 * leaves its job locked until the lock expires; BullMQ's stalled-job check then hands it to
 * another worker, which resumes from the checkpoints.
 */
export function startOperationWorker(ctx: CoreContext, runner: OperationRunner, connection: ConnectionOptions): Worker<OperationJob> {
  const worker = new Worker<OperationJob>(
    OPERATIONS_QUEUE,
    async (job: Job<OperationJob>, token?: string) => {
      try {
        const outcome = await runner.run(job.data.operationId);
        if (outcome.kind === 'delay') {
          await job.moveToDelayed(Date.now() + outcome.delayMs, token);
          if (await outcome.wakeIf?.().catch(() => false)) await job.promote().catch(() => undefined);
          throw new DelayedError(outcome.reason);
        }
      } catch (error) {
        if (error instanceof LeaseLostError) {
          ctx.logger.warn({ operationId: job.data.operationId }, error.message);
          return; // the worker holding the lease carries the operation on
        }
        throw error;
      }
    },
    {
      connection,
      prefix: ctx.config.queuePrefix,
      concurrency: ctx.config.workerConcurrency,
      lockDuration: ctx.config.jobLockMs,
      stalledInterval: Math.max(1000, Math.floor(ctx.config.jobLockMs / 2)),
      // Steps are idempotent, so a job that stalls because its worker died is always safe to resume.
      maxStalledCount: 1000,
    },
  );
  worker.on('error', repeatedErrorLog(ctx.logger, 'operation worker error'));
  worker.on('failed', (job, error) => ctx.logger.warn({ operationId: job?.data.operationId, err: error }, 'operation job attempt failed'));
  return worker;
}
