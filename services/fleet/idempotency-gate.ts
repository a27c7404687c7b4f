import { setTimeout as sleep } from 'node:timers/promises';
import type { PoolClient } from '../infra/db/pool';
import type { IdempotencyRepository } from './sql/idempotency';
import { ConflictError, UnprocessableError } from '../core/errors';

/** How long a duplicate waits for the first request before answering "still in progress". */
const WAIT_MS = 30_000;
/** A claim this old belongs to a process that died mid-request: the next retry takes it over. */
const STALE_MS = 120_000;

export interface IdempotentWork<T> {
  /** Runs the request once; must call `complete(db, response)` inside its own transaction. */
  run(complete: (db: PoolClient, response: unknown) => Promise<void>): Promise<T>;
  /** Rebuilds the answer from a stored response. */
  replay(response: unknown): Promise<T>;
}

/**
 * Exactly-once for requests carrying an Idempotency-Key: the key is claimed before anything else
 * is checked, so of many concurrent identical requests one runs and the others wait for it and
 * replay its answer. A different body under the same key is refused; a failed first request
 * releases the key and the next waiter runs the request itself.
 */
export async function idempotently<T>(
  repo: IdempotencyRepository,
  actor: string,
  key: string,
  requestHash: string,
  work: IdempotentWork<T>,
): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  let pause = 10;
  for (;;) {
    if (await repo.claim(actor, key, requestHash, STALE_MS)) {
      try {
        return await work.run((db, response) => repo.complete(actor, key, response, db));
      } catch (error) {
        await repo.release(actor, key);
        throw error;
      }
    }
    const held = await repo.find(actor, key);
    if (held && held.requestHash !== requestHash) {
      throw new UnprocessableError('this Idempotency-Key was already used with a different request body; use a new key for a new request', {
        header: 'Idempotency-Key',
      });
    }
    if (held?.state === 'done') return work.replay(held.response);
    if (Date.now() > deadline) {
      throw new ConflictError('a request with this Idempotency-Key is still in progress; retry it later to get its answer', {
        header: 'Idempotency-Key',
      });
    }
    // Released (the first request failed) or still pending: look again shortly.
    if (held) await sleep(pause + Math.random() * pause);
    pause = Math.min(pause * 2, 200);
  }
}
