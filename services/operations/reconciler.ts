import type { OperationsDeps } from './workflow-deps';

/** An operation that has not moved for this long and has no job in Redis is re-queued. */
const IDLE_BEFORE_RECONCILE_MS = 3000;

/** Puts back something else Redis may have lost (a job scheduler); idempotent and cheap when nothing is missing. */
export type Restorer = () => Promise<void>;

/**
 * PostgreSQL is the source of truth for operations; Redis only carries the work. This puts back any
 * open operation whose job Redis lost (a flush, a failover without persistence, a dispatch that
 * failed while Redis was down), and the job schedulers it lost. Re-adding is harmless when the job
 * does exist: the job id is the operation id.
 */
export class Reconciler {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly ctx: OperationsDeps,
    private readonly restorers: Restorer[] = [],
  ) {}

  async reconcileOnce(): Promise<string[]> {
    for (const restore of this.restorers)
      await restore().catch((error) => this.ctx.logger.warn({ err: error }, 'could not restore a job scheduler'));
    const requeued: string[] = [];
    for (const op of await this.ctx.repos.operations.idleOpen(IDLE_BEFORE_RECONCILE_MS)) {
      if ((await this.ctx.queue.state(op.id)) === 'live') continue;
      await this.ctx.queue.remove(op.id);
      await this.ctx.queue.enqueue(op.id, op.priority);
      requeued.push(op.id);
    }
    if (requeued.length > 0) this.ctx.logger.warn({ operations: requeued }, 're-queued operations missing from Redis');
    return requeued;
  }

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = true;
      this.reconcileOnce()
        .catch((error) => this.ctx.logger.warn({ err: error }, 'reconcile pass failed'))
        .finally(() => {
          this.running = false;
        });
    }, this.ctx.config.reconcileIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
