import type { Credentials, NodeEndpoint } from '../engine';
import { UnavailableError } from '../../core/errors';
import { withPostgres } from './connection';

const POLL_MS = 250;

/**
 * Before a point-in-time restore: the primary's writes up to now must be in the archive, and the
 * replay needs a commit after the target to know it has reached it (PostgreSQL stops with "recovery
 * ended before configured recovery target was reached" otherwise). So: commit a transaction that
 * holds an xid (its commit record carries the time), close the WAL segment, and wait until the
 * archiver has pushed it. Bounded; UnavailableError when the archive does not catch up in time.
 */
export async function archiveNow(primary: NodeEndpoint, credentials: Credentials, timeoutMs: number): Promise<void> {
  await withPostgres(primary, credentials, timeoutMs + 2000, async (client) => {
    await client.query('SELECT txid_current()');
    const { rows } = await client.query<{ segment: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS segment');
    const segment = rows[0]!.segment;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const archived = await client.query<{ last: string | null; failed: string | null }>(
        'SELECT last_archived_wal AS last, last_failed_wal AS failed FROM pg_stat_archiver',
      );
      const last = archived.rows[0]?.last ?? '';
      // Segment names sort in WAL order (timeline, then position), so a later one archived covers it.
      if (last.slice(0, 24) >= segment) return;
      if (Date.now() > deadline)
        throw new UnavailableError(
          `WAL segment ${segment} of ${primary.name} was not archived within ${timeoutMs} ms (last archived ${last || 'none'}, last failed ${archived.rows[0]?.failed ?? 'none'})`,
        );
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  });
}
