import type { Pool } from '../../infra/db/pool';
import type { WebhookDelivery } from '../../alerts/webhook';

export const NoticeKinds = ['scheduled', 'rescheduled', 'succeeded', 'failed'] as const;
export type NoticeKind = (typeof NoticeKinds)[number];

export interface MaintenanceNotice {
  replacementId: string;
  kind: NoticeKind;
  /** The chat channel named in the message; '' when the team has none (the webhook's default). */
  channel: string;
  text: string;
  delivered: boolean;
  detail: string;
  at: Date;
}

/** maintenance_notices: every notice about a replacement, whether or not its delivery worked. */
export class NoticeRows {
  constructor(private readonly pool: Pool) {}

  /** The notice's row id, or null when this notice was recorded before (a hook that ran twice). */
  async open(n: { replacementId: string; clusterId: string; kind: NoticeKind; channel: string; text: string }): Promise<number | null> {
    const { rows } = await this.pool.query<{ id: number }>(
      `INSERT INTO maintenance_notices (replacement_id, cluster_id, kind, channel, text) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (replacement_id, kind, channel) DO NOTHING RETURNING id`,
      [n.replacementId, n.clusterId, n.kind, n.channel, n.text],
    );
    return rows[0]?.id ?? null;
  }

  async delivered(id: number, delivery: WebhookDelivery): Promise<void> {
    await this.pool.query('UPDATE maintenance_notices SET delivered = $2, detail = $3 WHERE id = $1', [id, delivery.ok, delivery.detail]);
  }

  async forReplacements(ids: string[]): Promise<MaintenanceNotice[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<{
      replacement_id: string;
      kind: NoticeKind;
      channel: string;
      text: string;
      delivered: boolean;
      detail: string;
      at: Date;
    }>(
      'SELECT replacement_id, kind, channel, text, delivered, detail, at FROM maintenance_notices WHERE replacement_id = ANY($1) ORDER BY at, id',
      [ids],
    );
    return rows.map((r) => ({
      replacementId: r.replacement_id,
      kind: r.kind,
      channel: r.channel,
      text: r.text,
      delivered: r.delivered,
      detail: r.detail,
      at: r.at,
    }));
  }
}
