import type { CapacityDeps } from './capacity-deps';
import { recordAuditEvents, type NewAuditEvent } from '../audit/audit-repository';
import { postJson } from '../alerts/webhook';
import type { CapacitySubject } from './sql/capacity-subjects';
import type { CapacityForecastRecord } from './sql/forecast-repository';
import { capacityNoticeMessages, capacityNoticeText } from './notice-message';
import { decideNotices, noticeThresholds } from './notice-policy';
import { NoticeRepository, type CapacityNotice, type NewNotice, type NoticeDelivery } from './sql/notice-repository';

export const NOTICE_ACTOR = 'datafleet/forecast';
/** Clusters notified at once: a slow receiver delays the run, never stalls it. */
const PARALLEL_DELIVERIES = 8;

export interface NoticeOutcome {
  opened: number;
  cleared: number;
}

/**
 * Turns a batch of fresh forecasts into notices: opens one per threshold crossed, tells the owning
 * team's channel and the platform channel once, and re-arms a threshold when the cluster has moved
 * clearly back above it (notice-policy.ts). Every open and clear is an audit event.
 */
export class CapacityNotices {
  private readonly repo: NoticeRepository;

  constructor(private readonly ctx: CapacityDeps) {
    this.repo = new NoticeRepository(ctx.pool);
  }

  async process(subjects: CapacitySubject[], forecasts: CapacityForecastRecord[], now: Date): Promise<NoticeOutcome> {
    if (forecasts.length === 0) return { opened: 0, cleared: 0 };
    const thresholds = noticeThresholds(this.ctx.config.capacityWarningDays);
    const openByCluster = new Map<string, CapacityNotice[]>();
    for (const notice of await this.repo.open(forecasts.map((f) => f.clusterId))) {
      openByCluster.set(notice.clusterId, [...(openByCluster.get(notice.clusterId) ?? []), notice]);
    }
    const forecastOf = new Map(forecasts.map((f) => [f.clusterId, f]));
    const toOpen: NewNotice[] = [];
    const toClear: CapacityNotice[] = [];
    for (const forecast of forecasts) {
      const open = openByCluster.get(forecast.clusterId) ?? [];
      const decision = decideNotices(forecast.daysLeft, thresholds, new Set(open.map((n) => n.thresholdDays)));
      toClear.push(...open.filter((n) => decision.clear.includes(n.thresholdDays)));
      for (const thresholdDays of decision.open) {
        toOpen.push({
          clusterId: forecast.clusterId,
          thresholdDays,
          daysLeft: forecast.daysLeft ?? 0,
          exhaustionAt: forecast.exhaustionAt,
        });
      }
    }
    await this.repo.clearMany(
      toClear.map((n) => n.id),
      now,
    );
    const opened = await this.repo.openMany(toOpen, now);
    const delivered = await this.deliver(new Map(subjects.map((s) => [s.id, s])), forecastOf, opened, now);
    await recordAuditEvents(this.ctx.pool, [
      ...toClear.map((n): NewAuditEvent => ({
        actor: NOTICE_ACTOR,
        action: 'capacity.notice.clear',
        targetType: 'cluster',
        targetId: n.clusterId,
        reason: `days left back above the ${n.thresholdDays}-day threshold`,
        before: { thresholdDays: n.thresholdDays, daysLeft: n.daysLeft },
        after: { daysLeft: forecastOf.get(n.clusterId)?.daysLeft ?? null },
      })),
      ...opened.map((n): NewAuditEvent => ({
        actor: NOTICE_ACTOR,
        action: 'capacity.notice.open',
        targetType: 'cluster',
        targetId: n.clusterId,
        reason: `exhaustion predicted within ${n.thresholdDays} days`,
        after: {
          noticeId: n.id,
          thresholdDays: n.thresholdDays,
          daysLeft: n.daysLeft,
          exhaustionAt: n.exhaustionAt,
          deliveries: delivered.get(n.clusterId) ?? [],
        },
      })),
    ]);
    return { opened: opened.length, cleared: toClear.length };
  }

  /**
   * One message per cluster, however many thresholds it crossed at once (a first forecast may cross
   * 90 and 30 together): it names the tightest one. A failed delivery is recorded on the notice and
   * logged; it is not retried, and the next threshold notifies again. The batch's deliveries are
   * recorded together once all are made.
   */
  private async deliver(
    subjects: Map<string, CapacitySubject>,
    forecasts: Map<string, CapacityForecastRecord>,
    opened: CapacityNotice[],
    now: Date,
  ): Promise<Map<string, NoticeDelivery[]>> {
    const results = new Map<string, NoticeDelivery[]>();
    const url = this.ctx.config.notifyWebhookUrl ?? this.ctx.config.slackWebhookUrl;
    if (!url || opened.length === 0) return results;
    const byCluster = new Map<string, CapacityNotice[]>();
    for (const n of opened) byCluster.set(n.clusterId, [...(byCluster.get(n.clusterId) ?? []), n]);
    const jobs = [...byCluster.entries()];
    const worker = async () => {
      for (let job = jobs.shift(); job; job = jobs.shift()) {
        const [clusterId, notices] = job;
        const subject = subjects.get(clusterId);
        const forecast = forecasts.get(clusterId);
        if (!subject || !forecast) continue;
        const tightest = Math.min(...notices.map((n) => n.thresholdDays));
        const text = capacityNoticeText(subject, forecast, tightest);
        const deliveries: NoticeDelivery[] = [];
        for (const message of capacityNoticeMessages(text, subject.teamChannel, this.ctx.config.platformChannel)) {
          const outcome = await postJson(url, message);
          if (!outcome.ok)
            this.ctx.logger.warn(
              { cluster: subject.name, channel: message.channel, detail: outcome.detail },
              'capacity notice delivery failed',
            );
          deliveries.push({ channel: message.channel ?? '', ...outcome });
        }
        notified.push({ ids: notices.map((n) => n.id), deliveries });
        results.set(clusterId, deliveries);
      }
    };
    const notified: Array<{ ids: string[]; deliveries: NoticeDelivery[] }> = [];
    await Promise.all(Array.from({ length: PARALLEL_DELIVERIES }, worker));
    await this.repo.recordDeliveries(notified, now);
    return results;
  }
}
