import type { ClustersPort } from '../fleet/ports';
import { observeFailover, type FailoverObserverDeps, type PrimaryReplies } from './failover-observer';

/** Sentinel declares a primary down after 2 s of silence: a look every second sees each failover within about a second of it. */
export const FAILOVER_WATCH_INTERVAL_MS = 1000;

export interface FailoverWatcherDeps extends FailoverObserverDeps {
  repos: FailoverObserverDeps['repos'] & { clusters: Pick<ClustersPort, 'password' | 'findById'> };
}

/**
 * Watches the HA manager of every live cluster that has one (each worker runs one; recording a
 * change is idempotent, so two see it once): a failover is recorded within about a second of the
 * manager's decision, with the unavailable window from the old primary's last answer, and the
 * roles follow. The dead node's replacement is the NodeDown playbook's (replace-dead-node-after-failover).
 */
export class FailoverWatcher {
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private readonly replies: PrimaryReplies = new Map();

  constructor(private readonly ctx: FailoverWatcherDeps) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      this.watchOnce()
        .catch((error: unknown) => this.ctx.logger.warn({ err: error }, 'failover watch round failed'))
        .finally(() => (this.busy = false));
    }, FAILOVER_WATCH_INTERVAL_MS);
    this.timer.unref();
  }

  async watchOnce(): Promise<void> {
    const ids = await this.ctx.repos.failovers.watchedClusterIds();
    for (const id of [...this.replies.keys()]) if (!ids.includes(id)) this.replies.delete(id);
    await Promise.all(
      ids.map(async (id) => {
        const cluster = await this.ctx.repos.clusters.findById(id);
        if (!cluster) return;
        await observeFailover(this.ctx, cluster, { operationId: null, replies: this.replies }).catch((error: unknown) =>
          this.ctx.logger.debug({ err: error, cluster: cluster.name }, 'reading the HA manager failed'),
        );
      }),
    );
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
