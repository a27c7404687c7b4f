import type { Pool } from '../../infra/db/pool';
import { newId, sha256Hex } from '../../core/ids';

export interface AlertSource {
  id: string;
  name: string;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

interface AlertSourceRow {
  id: string;
  name: string;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const toSource = (r: AlertSourceRow): AlertSource => ({
  id: r.id,
  name: r.name,
  createdBy: r.created_by,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

/** How often last_used_at is written: a storm of alerts must not turn into a storm of row updates. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Alert-source credentials, stored only as SHA-256 hashes (like api_tokens). */
export class AlertSourceRepository {
  constructor(private readonly pool: Pool) {}

  /** Inserts; returns null when a source in use already has this name. */
  async create(name: string, credential: string, createdBy: string): Promise<AlertSource | null> {
    const { rows } = await this.pool.query<AlertSourceRow>(
      `INSERT INTO alert_sources (id, name, token_hash, created_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING id, name, created_by, created_at, last_used_at, revoked_at`,
      [newId(), name, sha256Hex(credential), createdBy],
    );
    return rows[0] ? toSource(rows[0]) : null;
  }

  async list(): Promise<AlertSource[]> {
    const { rows } = await this.pool.query<AlertSourceRow>(
      'SELECT id, name, created_by, created_at, last_used_at, revoked_at FROM alert_sources ORDER BY revoked_at IS NOT NULL, name, created_at DESC',
    );
    return rows.map(toSource);
  }

  /** The source in use with this id or name. */
  async findActive(ref: string): Promise<AlertSource | null> {
    const { rows } = await this.pool.query<AlertSourceRow>(
      `SELECT id, name, created_by, created_at, last_used_at, revoked_at FROM alert_sources
        WHERE revoked_at IS NULL AND (id::text = $1 OR name = $1) LIMIT 1`,
      [ref],
    );
    return rows[0] ? toSource(rows[0]) : null;
  }

  /** Returns the source only when this call revoked it. */
  async revoke(id: string, revokedBy: string): Promise<AlertSource | null> {
    const { rows } = await this.pool.query<AlertSourceRow>(
      `UPDATE alert_sources SET revoked_at = now(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL
       RETURNING id, name, created_by, created_at, last_used_at, revoked_at`,
      [id, revokedBy],
    );
    return rows[0] ? toSource(rows[0]) : null;
  }

  /** The source a credential belongs to, if it is in use; notes the use (at most once a minute). */
  async resolve(credential: string): Promise<AlertSource | null> {
    const { rows } = await this.pool.query<AlertSourceRow>(
      `SELECT id, name, created_by, created_at, last_used_at, revoked_at FROM alert_sources WHERE token_hash = $1 AND revoked_at IS NULL`,
      [sha256Hex(credential)],
    );
    const row = rows[0];
    if (!row) return null;
    if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.pool.query('UPDATE alert_sources SET last_used_at = now() WHERE id = $1', [row.id]);
    }
    return toSource(row);
  }
}
