import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { CoreContext } from '../services/app/context';
import type { Services } from '../services/app/services';
import { CAMPAIGNS_QUEUE, type CampaignJob } from '../services/infra/queues/campaign-queue';
import { repeatedErrorLog } from '../services/core/repeated-error-log';

/**
 * The campaign worker: each job is one pass, over one campaign (a kick) or over every campaign
 * still needing attention (the repeating tick). Passes are short — a few queries and at most
 * in-flight new upgrade operations — and each campaign's pass holds its row locked, so several
 * workers never double-start a cluster.
 */
export function startCampaignWorker(
  ctx: CoreContext,
  services: Pick<Services, 'campaignDriver' | 'campaigns'>,
  connection: ConnectionOptions,
): Worker<CampaignJob> {
  const { campaignDriver: driver, campaigns } = services;
  const pass = async (id: string) => {
    if (await driver.tick(id)) await campaigns.publish(id);
  };
  const worker = new Worker<CampaignJob>(
    CAMPAIGNS_QUEUE,
    async (job: Job<CampaignJob>) => {
      if (job.data.campaignId) return pass(job.data.campaignId);
      for (const id of await ctx.repos.campaigns.needingTicks()) {
        await pass(id).catch((error: unknown) =>
          ctx.logger.warn({ campaignId: id, err: error }, 'campaign pass failed; the next tick retries'),
        );
      }
    },
    { connection, prefix: ctx.config.queuePrefix, concurrency: 1, lockDuration: ctx.config.jobLockMs },
  );
  worker.on('error', repeatedErrorLog(ctx.logger, 'campaign worker error'));
  return worker;
}
