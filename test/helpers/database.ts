import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { createPool, type Pool } from '../../services/db/pool';

/** The server tests run against; a database per test file is cloned from a migrated template. */
export const testServerUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The migrated template is named after the migrations it holds, so test runs of different checkouts
 * (or a run while a migration is being written) never drop or use each other's template.
 */
function migrationsDigest(): string {
  const dir = resolve(import.meta.dirname, '../../migrations');
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) hash.update(file).update(readFileSync(join(dir, file)));
  return hash.digest('hex').slice(0, 12);
}
export const templatePrefix = 'datafleet_tpl_';
export const templateDatabase = `${templatePrefix}${migrationsDigest()}`;

export function urlFor(database: string): string {
  const url = new URL(testServerUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testServerUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  url: string;
  pool: Pool;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `datafleet_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${templateDatabase}`).catch(async (error: { code?: string }) => {
    // Another checkout's test run drops templates not in use at that instant: build ours again.
    if (error.code !== '3D000') throw error;
    await (await import('./global-setup')).default();
    await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${templateDatabase}`);
  });
  const url = urlFor(name);
  const pool = createPool(url, 10);
  return {
    url,
    pool,
    async drop() {
      await pool.end();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
