import pg from 'pg';
import { createPool } from '../../services/db/pool';
import { migrate } from '../../services/db/migrate';
import { templateDatabase, templatePrefix, testServerUrl, urlFor } from './database';

/**
 * Builds the migrated template database once per set of migrations; each test file clones it. An
 * advisory lock makes concurrent test runs wait for one builder instead of racing it; the template
 * appears under its final name only once fully migrated.
 */
export default async function setup(): Promise<void> {
  const admin = new pg.Client({ connectionString: testServerUrl });
  await admin.connect();
  try {
    await admin.query("SELECT pg_advisory_lock(hashtext('datafleet-test-template'))");
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [templateDatabase]);
    if (!rowCount) {
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
    // Marked as a template, PostgreSQL refuses to drop it: a run of another checkout (other
    // migrations) cannot remove it while this run's files are about to clone it.
    await admin.query(`ALTER DATABASE ${templateDatabase} IS_TEMPLATE true`);
    // Unmarked templates of older migrations are dropped when nobody is using them.
    const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1 || '%' AND datname <> $2 AND datname NOT LIKE '%\_building' AND NOT datistemplate", [templatePrefix, templateDatabase]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname}`).catch(() => undefined);
    await admin.query('DROP DATABASE IF EXISTS datafleet_test_template').catch(() => undefined);
  } finally {
    await admin.query("SELECT pg_advisory_unlock(hashtext('datafleet-test-template'))").catch(() => undefined);
    await admin.end();
  }
}
