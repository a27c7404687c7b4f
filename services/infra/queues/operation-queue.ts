import { Queue, type ConnectionOptions } from 'bullmq';

export const OPERATIONS_QUEUE = 'operations';

export interface OperationJob {
  operationId: string;
}

/**
 * The producer side of the operations queue. The job id is the operation id, so adding the same
 * operation twice (a retry, or the reconciler racing a worker) queues it once.
 */
export class OperationQueue {
  readonly queue: Queue<OperationJob>;

  constructor(connection: ConnectionOptions, prefix: string) {
    this.queue = new Queue<OperationJob>(OPERATIONS_QUEUE, { connection, prefix });
    // Failures reach the caller of each command; the event would only be noise.
    this.queue.on('error', () => undefined);
  }

  async enqueue(operationId: string, priority: number, delayMs = 0): Promise<void> {
    await this.queue.add(
      'operation',
      { operationId },
      {
        jobId: operationId,
        priority,
        delay: delayMs,
        // Infrastructure errors (a database blip) retry with backoff; step failures are handled by the runner.
        attempts: 20,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: true,
        removeOnFail: 1000,
      },
    );
  }

  /** 'missing' when Redis has no live job for the operation (lost, completed or failed). */
  async state(operationId: string): Promise<'live' | 'missing'> {
    const job = await this.queue.getJob(operationId);
    if (!job) return 'missing';
    const state = await job.getState();
    return state === 'completed' || state === 'failed' || state === 'unknown' ? 'missing' : 'live';
  }

  /**
   * Moves a delayed job to the front of its priority class now, in one command; a job in another
   * state (already waiting, running or gone) is left alone.
   */
  async promote(operationId: string): Promise<void> {
    await this.queue.backend.promote(operationId).catch(() => undefined);
  }

  async remove(operationId: string): Promise<void> {
    await this.queue.remove(operationId).catch(() => 0);
  }

  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed');
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
