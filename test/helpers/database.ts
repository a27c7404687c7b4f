import pg from 'pg';
import { createPool, type Pool } from '../../services/infra/db/pool';
import { templateDatabase, testServerUrl, urlFor } from './database-names';
import { ensureTemplate } from './template';

export { templateDatabase, templatePrefix, testServerUrl, urlFor } from './database-names';

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

const isMissingDatabase = (e: unknown) => typeof e === 'object' && e !== null && (e as { code?: string }).code === '3D000';

/**
 * Clones the template; when another checkout's test run (built with other migrations) dropped it
 * meanwhile, rebuilds it and tries again instead of failing the file.
 */
async function cloneTemplate(name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${templateDatabase}`);
      return;
    } catch (error) {
      if (!isMissingDatabase(error) || attempt >= 5) throw error;
      await ensureTemplate();
    }
  }
}

/** A fresh, migrated database of its own for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `datafleet_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await cloneTemplate(name);
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
