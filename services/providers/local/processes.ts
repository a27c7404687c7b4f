import { spawn, spawnSync } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { sleep } from '../../platform/clock';

export function isAlive(pid: number | null | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (exited, not yet reaped) is not a running node.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** The uid/gid of the `postgres` OS user, which PostgreSQL needs when we are root. */
export function postgresUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const uid = Number(spawnSync('id', ['-u', 'postgres']).stdout?.toString().trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres']).stdout?.toString().trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid <= 0) {
    throw new Error('running as root, but there is no "postgres" OS user to run PostgreSQL nodes as');
  }
  return { uid, gid };
}

export interface SpawnSpec {
  file: string;
  args: string[];
  logFile: string;
  runAs?: { uid: number; gid: number } | null;
  env?: Record<string, string>;
}

/**
 * Starts a node process in its own process group, detached, so it outlives the control-plane
 * process that started it (a worker may die; the datastore must not).
 */
export function spawnDetached(spec: SpawnSpec): number {
  const log = openSync(spec.logFile, 'a');
  try {
    const child = spawn(spec.file, spec.args, {
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...process.env, ...spec.env },
      ...(spec.runAs ? { uid: spec.runAs.uid, gid: spec.runAs.gid } : {}),
    });
    child.unref();
    if (!child.pid) throw new Error(`could not start ${spec.file}`);
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/** Runs a setup command to completion (initdb, pg_basebackup); throws with its output on failure. */
export function runToCompletion(file: string, args: string[], options: { runAs?: { uid: number; gid: number } | null; env?: Record<string, string> } = {}): void {
  const result = spawnSync(file, args, {
    env: { ...process.env, ...options.env },
    ...(options.runAs ? { uid: options.runAs.uid, gid: options.runAs.gid } : {}),
    timeout: 120_000,
  });
  if (result.status !== 0) {
    const output = `${result.stdout?.toString() ?? ''}${result.stderr?.toString() ?? ''}`.trim().split('\n').slice(-5).join(' | ');
    throw new Error(`${file.split('/').pop()} failed (exit ${result.status ?? result.signal}): ${output || result.error?.message}`);
  }
}

/** Asks the process to stop, then kills its whole group if it is still there after `graceMs`. */
export async function terminate(pid: number, signal: NodeJS.Signals, graceMs = 10_000): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await sleep(50);
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}
