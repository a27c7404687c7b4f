import pg from 'pg';
import { createPool } from '../../services/infra/db/pool';
import { migrate } from '../../services/infra/db/migrate';
import { templateDatabase, testServerUrl, urlFor } from './database-names';

/**
 * Builds the migrated template database unless it exists. An advisory lock makes concurrent test
 * runs wait for one builder instead of racing it; the template appears under its final name only
 * once fully migrated. Safe to call at any time: a test file whose template was dropped by another
 * checkout's run (with other migrations) rebuilds it instead of failing.
 */
export async function ensureTemplate(then?: (admin: pg.Client) => Promise<void>, build = true): Promise<void> {
  const admin = new pg.Client({ connectionString: testServerUrl });
  await admin.connect();
  try {
    await admin.query("SELECT pg_advisory_lock(hashtext('datafleet-test-template'))");
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [templateDatabase]);
    if (!rowCount && build) {
      const building = `${templateDatabase}_building`;
      await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${building}`);
      const pool = createPool(urlFor(building), 2);
      try {
        await migrate(pool);
      } finally {
        await pool.end();
      }
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${templateDatabase}`);
    }
    await then?.(admin);
  } finally {
    await admin.query("SELECT pg_advisory_unlock(hashtext('datafleet-test-template'))").catch(() => undefined);
    await admin.end();
  }
}

/** Drops this run's template database when no connection uses it (another run cloning it keeps it). */
export async function dropTemplateUnlessUsed(): Promise<void> {
  await ensureTemplate(async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${templateDatabase}`).catch(() => undefined);
  }, false);
}
