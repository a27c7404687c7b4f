import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, testRedisUrl } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { newSecret } from '../../services/core/ids';
import { startBanner } from '../../services/app/serve';
import { deleteKeysUnder } from '../helpers/redis-keys';

let child: ChildProcess | undefined;
let db: TestDatabase | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'datafleet-banner-'));
const queuePrefix = `dft-${newSecret(6)}`;

afterAll(async () => {
  if (child?.exitCode === null) {
    child.kill('SIGTERM');
    await eventually(async () => child!.exitCode !== null || child!.signalCode !== null, 20_000);
  }
  await db?.drop();
  // The child's queues were made on the machine's shared Redis under this file's prefix: they go with it.
  await deleteKeysUnder(testRedisUrl, queuePrefix);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the start-up banner and the admin token', () => {
  it('keeps the banner on stderr apart from the JSON logs on stdout, and says where the token is when not on a terminal', async () => {
    db = await createTestDatabase();
    child = spawn(process.execPath, ['--import', 'tsx', 'services/app/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        REDIS_URL: testRedisUrl,
        DATAFLEET_DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        DATAFLEET_ROLES: 'api',
        DATAFLEET_QUEUE_PREFIX: queuePrefix,
        DATAFLEET_ADMIN_TOKEN: '',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await eventually(async () => stderr.includes('Datafleet is running') && stdout.includes('datafleet started'), 60_000);
    const output = stdout + stderr;
    // The banner is a box on stderr; stdout holds only JSON log lines, so a log collector reads clean JSON.
    expect(stderr).toMatch(/┌─+┐\n│ Datafleet is running\.\s+│/);
    expect(stdout).not.toContain('Datafleet is running');
    const logLines = stdout.split('\n').filter((line) => line.trim());
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
    const tokenFile = join(dataDir, 'admin-token');
    expect(existsSync(tokenFile)).toBe(true);
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect(token.length).toBeGreaterThan(16);
    expect(output).not.toContain(token);
    expect(output).toContain(tokenFile);
  }, 90_000);

  it('is shown on an interactive terminal, for the person who started it', () => {
    const banner = startBanner('http://127.0.0.1:8080', 'df_secret-token-value', { dataDir: '/tmp/x' }, true);
    expect(banner).toContain('df_secret-token-value');
    const piped = startBanner(
      'http://127.0.0.1:8080',
      'df_secret-token-value',
      { dataDir: '/tmp/x', adminToken: 'df_secret-token-value' },
      false,
    );
    expect(piped).not.toContain('df_secret-token-value');
    expect(piped).toContain('DATAFLEET_ADMIN_TOKEN');
  });
});
