import type { Pool, PoolClient } from '../pool';

export interface StoredResponse {
  requestHash: string;
  response: unknown;
}

/** Remembers the answer to a create made with an Idempotency-Key, per caller. */
export class IdempotencyRepository {
  constructor(private readonly pool: Pool) {}

  async find(actor: string, key: string): Promise<StoredResponse | null> {
    const { rows } = await this.pool.query<{ request_hash: string; response: unknown }>(
      'SELECT request_hash, response FROM idempotency_keys WHERE actor = $1 AND key = $2',
      [actor, key],
    );
    return rows[0] ? { requestHash: rows[0].request_hash, response: rows[0].response } : null;
  }

  /** False when another request stored this key first (a concurrent retry). */
  async store(actor: string, key: string, requestHash: string, response: unknown, db: PoolClient): Promise<boolean> {
    const { rowCount } = await db.query(
      `INSERT INTO idempotency_keys (actor, key, request_hash, response) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [actor, key, requestHash, JSON.stringify(response)],
    );
    return (rowCount ?? 0) > 0;
  }
}
