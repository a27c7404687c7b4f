import { templateDatabase, templatePrefix } from './database-names';
import { dropTemplateUnlessUsed, ensureTemplate } from './template';

/**
 * Builds the migrated template database once per set of migrations; each test file clones it.
 * Templates of other migrations (older ones, or another checkout's) are dropped when nobody is
 * using them; a run that still needs one rebuilds it on demand (createTestDatabase).
 */
export default async function setup(): Promise<() => Promise<void>> {
  await ensureTemplate(async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE $1 || '%' AND datname <> $2 AND datname NOT LIKE '%\\_building'",
      [templatePrefix, templateDatabase],
    );
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname}`).catch(() => undefined);
    await admin.query('DROP DATABASE IF EXISTS datafleet_test_template').catch(() => undefined);
  });
  // The run's template is dropped at the end, unless another run is cloning it (then that run's end drops it).
  return () => dropTemplateUnlessUsed();
}
