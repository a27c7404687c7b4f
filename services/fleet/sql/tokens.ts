import type { Pool } from '../../infra/db/pool';
import type { Team } from '../../core/types';
import { newId, sha256Hex } from '../../core/ids';
import { toTeam, type TeamRow } from './teams';

export interface TokenOwner {
  team: Team;
  tokenId: string;
  tokenName: string;
  expiresAt: Date | null;
}

/** A token as its team sees it: never the secret, which only its hash stands for. */
export interface TokenRecord {
  id: string;
  teamId: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

interface TokenRow {
  id: string;
  team_id: string;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

const toRecord = (r: TokenRow): TokenRecord => ({
  id: r.id,
  teamId: r.team_id,
  name: r.name,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});

const COLUMNS = 'id, team_id, name, created_at, last_used_at, expires_at, revoked_at';

/** Bearer tokens, stored only as SHA-256 hashes: a database leak reveals no usable token. */
export class TokenRepository {
  constructor(private readonly pool: Pool) {}

  /** Returns the new token's id, or null when the same secret is already stored. */
  async add(teamId: string, name: string, token: string, expiresAt: Date | null = null): Promise<string | null> {
    const { rows } = await this.pool.query<{ id: string }>(
      `INSERT INTO api_tokens (id, team_id, name, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (token_hash) DO NOTHING RETURNING id`,
      [newId(), teamId, name, sha256Hex(token), expiresAt],
    );
    return rows[0]?.id ?? null;
  }

  /** The owner of a token that is neither revoked nor expired. */
  async resolve(token: string): Promise<TokenOwner | null> {
    const { rows } = await this.pool.query<TeamRow & { token_id: string; token_name: string; token_expires_at: Date | null }>(
      `SELECT t.*, k.id AS token_id, k.name AS token_name, k.expires_at AS token_expires_at
         FROM api_tokens k JOIN teams t ON t.id = k.team_id
        WHERE k.token_hash = $1 AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())`,
      [sha256Hex(token)],
    );
    const row = rows[0];
    return row ? { team: toTeam(row), tokenId: row.token_id, tokenName: row.token_name, expiresAt: row.token_expires_at } : null;
  }

  async forTeam(teamId: string): Promise<TokenRecord[]> {
    const { rows } = await this.pool.query<TokenRow>(
      `SELECT ${COLUMNS} FROM api_tokens WHERE team_id = $1 ORDER BY created_at DESC, name`,
      [teamId],
    );
    return rows.map(toRecord);
  }

  async get(teamId: string, id: string): Promise<TokenRecord | null> {
    const { rows } = await this.pool.query<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens WHERE team_id = $1 AND id::text = $2`, [
      teamId,
      id,
    ]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Marks the token revoked (idempotent: a second revoke keeps the first time). */
  /** Revokes a token only if it is still active; false when another request revoked or rotated it first. */
  async revokeIfActive(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())',
      [id],
    );
    return rowCount === 1;
  }

  /** Undoes `revokeIfActive` when what it made way for could not be done. */
  async unrevoke(id: string): Promise<void> {
    await this.pool.query('UPDATE api_tokens SET revoked_at = NULL WHERE id = $1', [id]);
  }

  async revoke(id: string): Promise<TokenRecord> {
    const { rows } = await this.pool.query<TokenRow>(
      `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return toRecord(rows[0]!);
  }

  /** Records use at most once a minute per token, so a busy client costs no write per request. */
  async touch(id: string): Promise<void> {
    await this.pool.query(
      `UPDATE api_tokens SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [id],
    );
  }
}
