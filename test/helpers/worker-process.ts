import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { RunningDatafleet } from '../../services/app/app';

const root = resolve(import.meta.dirname, '../..');

/**
 * A real worker in a child process, sharing the test app's database, Redis prefix and data
 * directory, so a test can SIGKILL it mid-operation as a crash would.
 */
export function spawnWorker(app: RunningDatafleet, extraEnv: Record<string, string> = {}): ChildProcess {
  const { config } = app;
  // The data directory is named on its command line too (the worker reads it from the environment),
  // so the test app's stop finds a worker still running under it and stops it before removing its keys.
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/app/main.ts', `--data-dir=${config.dataDir}`], {
    cwd: root,
    env: {
      ...process.env,
      DATAFLEET_ROLES: 'worker',
      DATABASE_URL: config.databaseUrl ?? '',
      REDIS_URL: config.redisUrl ?? '',
      DATAFLEET_QUEUE_PREFIX: config.queuePrefix,
      DATAFLEET_DATA_DIR: config.dataDir,
      DATAFLEET_ADMIN_TOKEN: app.adminToken,
      DATAFLEET_JOB_LOCK_MS: String(config.jobLockMs),
      DATAFLEET_RECONCILE_INTERVAL_MS: String(config.reconcileIntervalMs),
      DATAFLEET_SIM_TIME_SCALE: String(config.simulatorTimeScale),
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

export function exited(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', () => done());
  });
}
