import type { Pool, PoolClient } from '../../infra/db/pool';

export interface StoredResponse {
  requestHash: string;
  state: 'pending' | 'done';
  /** Null while the first request is still running. */
  response: unknown;
}

/**
 * Remembers the answer to a create made with an Idempotency-Key, per caller. A key is first
 * claimed (pending), then completed in the create's own transaction, or released if it failed.
 */
export class IdempotencyRepository {
  constructor(private readonly pool: Pool) {}

  async find(actor: string, key: string): Promise<StoredResponse | null> {
    const { rows } = await this.pool.query<{ request_hash: string; state: 'pending' | 'done'; response: unknown }>(
      'SELECT request_hash, state, response FROM idempotency_keys WHERE actor = $1 AND key = $2',
      [actor, key],
    );
    return rows[0] ? { requestHash: rows[0].request_hash, state: rows[0].state, response: rows[0].response } : null;
  }

  /**
   * True when this caller now owns the key: nobody held it, or the holder's claim (same request)
   * is older than `staleAfterMs` (its process died). False when someone else holds or completed it.
   */
  async claim(actor: string, key: string, requestHash: string, staleAfterMs: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO idempotency_keys (actor, key, request_hash, response, state) VALUES ($1, $2, $3, NULL, 'pending')
       ON CONFLICT (actor, key) DO UPDATE SET claimed_at = now()
         WHERE idempotency_keys.state = 'pending' AND idempotency_keys.request_hash = EXCLUDED.request_hash
           AND idempotency_keys.claimed_at < now() - make_interval(secs => $4::double precision / 1000)`,
      [actor, key, requestHash, staleAfterMs],
    );
    return (rowCount ?? 0) > 0;
  }

  /** Stores the answer, inside the transaction that produced it. */
  async complete(actor: string, key: string, response: unknown, db: PoolClient): Promise<void> {
    await db.query(`UPDATE idempotency_keys SET state = 'done', response = $3 WHERE actor = $1 AND key = $2`, [
      actor,
      key,
      JSON.stringify(response),
    ]);
  }

  /** Gives a pending key back after the request failed, so a retry runs it afresh. */
  async release(actor: string, key: string): Promise<void> {
    await this.pool.query(`DELETE FROM idempotency_keys WHERE actor = $1 AND key = $2 AND state = 'pending'`, [actor, key]);
  }
}
