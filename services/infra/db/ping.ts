import type { Pool } from './pool';

/** Resolves when PostgreSQL answers a trivial query: the readiness check's question. */
export async function pingDatabase(pool: Pool): Promise<void> {
  await pool.query('SELECT 1');
}
