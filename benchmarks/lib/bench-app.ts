import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startDatafleet, type Role, type RunningDatafleet } from '../../services/app/app';
import type { Config } from '../../services/core/config';

const serverUrl = process.env.BENCH_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const benchRedisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function recreateDatabase(name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A Datafleet on a fresh database of its own, for one benchmark run. */
export async function startBenchApp(name: string, roles: Role[], config: Partial<Config> = {}): Promise<RunningDatafleet> {
  const databaseUrl = await recreateDatabase(`datafleet_bench_${name}`);
  const dataDir = mkdtempSync(join(tmpdir(), `datafleet-bench-${name}-`));
  const running = await startDatafleet({
    roles,
    config: {
      port: 0,
      host: '127.0.0.1',
      databaseUrl,
      redisUrl: benchRedisUrl,
      dataDir,
      logLevel: 'error',
      queuePrefix: `dfbench-${name}-${Date.now()}`,
      // A benchmark measures the product, not the per-token rate limit.
      rateLimitPerMinute: 1_000_000_000,
      ...config,
    },
  });
  return {
    ...running,
    async stop() {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
