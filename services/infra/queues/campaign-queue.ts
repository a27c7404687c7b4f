import { Queue, type ConnectionOptions } from 'bullmq';
import { Priorities } from './priorities';

export const CAMPAIGNS_QUEUE = 'campaigns';
/** The repeating job that looks at every active campaign. */
export const CAMPAIGN_TICK_SCHEDULER = 'campaign-tick';

/** Empty: a pass over every active campaign. With an id: that campaign now (after a create or a control). */
export interface CampaignJob {
  campaignId?: string;
}

/**
 * The producer side of the campaign queue. Campaign passes are background work: they run after
 * remediations, upgrades and provisioning jobs that are waiting.
 */
export class CampaignQueue {
  readonly queue: Queue<CampaignJob>;

  constructor(connection: ConnectionOptions, prefix: string) {
    this.queue = new Queue<CampaignJob>(CAMPAIGNS_QUEUE, { connection, prefix });
    // Failures reach the caller of each command; the event would only be noise.
    this.queue.on('error', () => undefined);
  }

  /** Idempotent: every worker calls it at start; BullMQ keeps one scheduler of this id. */
  async schedule(everyMs: number): Promise<void> {
    await this.queue.upsertJobScheduler(
      CAMPAIGN_TICK_SCHEDULER,
      { every: everyMs },
      {
        name: 'tick',
        data: {},
        opts: { priority: Priorities.background, removeOnComplete: true, removeOnFail: 100 },
      },
    );
  }

  /** Puts the scheduler back when Redis lost it (a flush, a failover without persistence); cheap when it is there. */
  async ensureScheduled(everyMs: number): Promise<void> {
    if (!(await this.queue.getJobScheduler(CAMPAIGN_TICK_SCHEDULER))) await this.schedule(everyMs);
  }

  async kick(campaignId: string): Promise<void> {
    // Two kicks close together are one pass: the job id dedupes while one is waiting.
    await this.queue.add(
      'tick',
      { campaignId },
      {
        jobId: `kick-${campaignId}-${Math.floor(Date.now() / 250)}`,
        priority: Priorities.background,
        removeOnComplete: true,
        removeOnFail: 100,
      },
    );
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
