import type { MaintenanceDeps } from './maintenance-deps';
import type { ClusterRecord } from '../fleet/cluster-record';
import { postJson } from '../alerts/webhook';
import { NoticeRows, type NoticeKind } from './sql/notice-rows';
import type { Replacement } from './sql/replacement-rows';

/**
 * Sends maintenance notices as Slack incoming-webhook messages ({ channel?, text }) to
 * notifyWebhookUrl (else slackWebhookUrl) and records each one first, so the console shows it
 * even when no webhook is configured or delivery failed. Each notice goes out at most once.
 */
export class MaintenanceNotifier {
  private readonly rows: NoticeRows;

  constructor(private readonly ctx: MaintenanceDeps) {
    this.rows = new NoticeRows(ctx.pool);
  }

  /** The owning team's channel; failures also go to the platform channel, which must act on them. */
  async channelsFor(cluster: Pick<ClusterRecord, 'ownerTeamId'>, kind: NoticeKind): Promise<string[]> {
    const team = await this.ctx.repos.teams.find(cluster.ownerTeamId);
    const owner = team?.chatChannel ?? '';
    const platform = this.ctx.config.platformChannel;
    return kind === 'failed' && owner !== platform ? [owner, platform] : [owner];
  }

  async send(replacement: Replacement, cluster: Pick<ClusterRecord, 'ownerTeamId'>, kind: NoticeKind, text: string): Promise<void> {
    const url = this.ctx.config.notifyWebhookUrl ?? this.ctx.config.slackWebhookUrl;
    for (const channel of await this.channelsFor(cluster, kind)) {
      const id = await this.rows.open({ replacementId: replacement.id, clusterId: replacement.clusterId, kind, channel, text });
      if (id === null) continue;
      const delivery = url
        ? await postJson(url, { ...(channel ? { channel } : {}), text })
        : { ok: false, detail: 'no webhook configured' };
      if (url && !delivery.ok)
        this.ctx.logger.warn({ replacement: replacement.id, kind, detail: delivery.detail }, 'maintenance notice not delivered');
      await this.rows.delivered(id, delivery);
    }
  }
}
