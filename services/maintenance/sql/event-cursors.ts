import type { Pool } from '../../infra/db/pool';

/**
 * How far each provider's event feed has been read (maintenance_event_cursors). Keyed by provider
 * kind: a provider's events(since) is one feed for all the regions bound to it.
 */
export class EventCursors {
  constructor(private readonly pool: Pool) {}

  /** null: never read, so the whole feed is read once. */
  async readUntil(provider: string): Promise<Date | null> {
    const { rows } = await this.pool.query<{ read_until: Date }>('SELECT read_until FROM maintenance_event_cursors WHERE provider = $1', [
      provider,
    ]);
    return rows[0]?.read_until ?? null;
  }

  /** Only ever moves forward, so a slow scan finishing after a faster one cannot rewind the feed. */
  async advance(provider: string, to: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO maintenance_event_cursors (provider, read_until) VALUES ($1, $2)
       ON CONFLICT (provider) DO UPDATE SET read_until = GREATEST(maintenance_event_cursors.read_until, EXCLUDED.read_until), updated_at = now()`,
      [provider, to],
    );
  }
}
