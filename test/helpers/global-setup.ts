import { createPool } from '../../services/db/pool';
import { migrate } from '../../services/db/migrate';
import { adminQuery, templateDatabase, urlFor } from './database';

/** Builds the migrated template database once per test run; each test file clones it. */
export default async function setup(): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS ${templateDatabase} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${templateDatabase}`);
  const pool = createPool(urlFor(templateDatabase), 2);
  try {
    await migrate(pool);
  } finally {
    await pool.end();
  }
}
