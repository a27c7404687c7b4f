import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedisUrl } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { newSecret } from '../../services/core/ids';
import { deleteKeysUnder } from '../helpers/redis-keys';

const root = resolve(import.meta.dirname, '../..');
let dataDir: string;
let db: TestDatabase;
// One prefix for every start here: a start that fails after making its queues (a port in use) leaves
// their keys on the machine's shared Redis, removed with the file.
const queuePrefix = `dft-${newSecret(6)}`;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'datafleet-fatal-'));
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
  await deleteKeysUnder(testRedisUrl, queuePrefix);
  rmSync(dataDir, { recursive: true, force: true });
});

/** Runs `npm start`'s entry point (services/app/main.ts) or the CLI until it exits on its own. */
function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        LOG_LEVEL: 'warn',
        DATAFLEET_DATA_DIR: dataDir,
        DATABASE_URL: db.url,
        REDIS_URL: testRedisUrl,
        DATAFLEET_QUEUE_PREFIX: queuePrefix,
        PORT: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => (child.kill('SIGKILL'), fail(new Error(`still running; stderr: ${stderr}`))), 60_000);
    child.on('exit', (code) => (clearTimeout(timer), done({ code, stderr, stdout })));
  });
}

function oneClearLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.trim());
  expect(lines, stderr).toHaveLength(1);
  return lines[0]!;
}

describe('a fatal startup error ends the process with one clear line and a non-zero code', () => {
  it.each([
    ['a port that is not a number', { PORT: 'eighty' }, /^datafleet: cannot start: invalid configuration: port: /],
    [
      'a malformed secret key',
      { DATAFLEET_SECRET_KEY: 'abc' },
      /^datafleet: cannot start: DATAFLEET_SECRET_KEY is not a valid secret key: expected 32 bytes/,
    ],
    ['an unknown role', { DATAFLEET_ROLES: 'api,janitor' }, /^datafleet: cannot start: DATAFLEET_ROLES: unknown role "janitor"/],
    [
      'an unreachable database',
      { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' },
      /^datafleet: cannot start: connect ECONNREFUSED 127\.0\.0\.1:1/,
    ],
    [
      'a DATABASE_URL that is not a URL',
      { DATABASE_URL: 'notaurl' },
      /^datafleet: cannot start: invalid configuration: DATABASE_URL must be a URL such as postgres:\/\//,
    ],
    [
      'a REDIS_URL of another scheme',
      { REDIS_URL: 'http://127.0.0.1:6379' },
      /^datafleet: cannot start: invalid configuration: REDIS_URL must be a URL such as redis:\/\//,
    ],
  ])('%s', async (_what, env, expected) => {
    const result = await run(['services/app/main.ts'], env);
    expect(result.code).toBe(1);
    expect(oneClearLine(result.stderr)).toMatch(expected);
  });

  it('a port in use, through `datafleet api` too', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
    const port = (blocker.address() as { port: number }).port;
    try {
      for (const args of [['services/app/main.ts'], ['services/cli/main.ts', 'api']]) {
        const result = await run(args, { PORT: String(port) });
        expect(result.code).toBe(1);
        expect(oneClearLine(result.stderr)).toBe(
          `datafleet: cannot start: 127.0.0.1:${port} is already in use by another process: stop it, or set PORT (and HOST) to a free address`,
        );
      }
    } finally {
      blocker.close();
    }
  });

  it('a migration that no longer matches the database', async () => {
    await db.pool.query("UPDATE schema_migrations SET checksum = 'edited' WHERE name = '001_core.sql'");
    const result = await run(['services/app/main.ts'], { DATAFLEET_ROLES: 'worker' });
    expect(result.code).toBe(1);
    expect(oneClearLine(result.stderr)).toBe(
      'datafleet: cannot start: migration 001_core.sql was changed after it was applied; add a new migration instead',
    );
  });
});
