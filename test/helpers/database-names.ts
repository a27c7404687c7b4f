import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The server tests run against; a database per test file is cloned from a migrated template. */
export const testServerUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The migrated template is named after the migrations it holds, so test runs of different checkouts
 * (or a run while a migration is being written) never drop or use each other's template.
 */
function migrationsDigest(): string {
  const dir = resolve(import.meta.dirname, '../../migrations');
  const hash = createHash('sha256');
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort())
    hash.update(file).update(readFileSync(join(dir, file)));
  return hash.digest('hex').slice(0, 12);
}
export const templatePrefix = 'datafleet_tpl_';
export const templateDatabase = `${templatePrefix}${migrationsDigest()}`;

export function urlFor(database: string): string {
  const url = new URL(testServerUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
