import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { sleep } from '../../core/clock';

/** The OS user a process runs as; null means "as we are". */
export type RunAs = { uid: number; gid: number } | null;

export function isAlive(pid: number | null | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else; still alive.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A zombie (exited, not yet reaped by its parent) is not a running node.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc on this system: trust kill(0)
  }
}

/**
 * True when pid is alive and its command line names `marker` (the node's directory). A pid read from
 * a file may have been reused by an unrelated process after a reboot; we must never signal that one.
 */
export function isNodeProcess(pid: number | null | undefined, marker: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').includes(marker);
  } catch {
    return true; // no /proc: the liveness check is all we have
  }
}

export interface SpawnSpec {
  file: string;
  args: string[];
  cwd: string;
  logFile: string;
  runAs: RunAs;
}

/**
 * Only PATH is passed on: the control plane's environment holds credentials (DATABASE_URL, tokens)
 * that a datastore process has no business seeing in its /proc/<pid>/environ.
 */
export function minimalEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', ...extra };
}

const asUser = (runAs: RunAs) => (runAs ? { uid: runAs.uid, gid: runAs.gid } : {});

/**
 * Starts a node process detached in its own process group (pgid = pid), so it outlives the
 * control-plane process that started it: a worker may die, the datastore must not.
 */
export function spawnDetached(spec: SpawnSpec): number {
  const log = openSync(spec.logFile, 'a');
  try {
    const child = spawn(spec.file, spec.args, { cwd: spec.cwd, detached: true, stdio: ['ignore', log, log], env: minimalEnv(), ...asUser(spec.runAs) });
    child.on('error', () => undefined); // a missing binary shows as a missing pid, thrown below
    child.unref();
    if (!child.pid) throw new Error(`could not start ${spec.file}`);
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/**
 * Runs a setup command (initdb, pg_basebackup) to completion without blocking the event loop; throws
 * with the tail of its output on failure. Secrets go in `env`, never in `args`.
 */
export function runToCompletion(
  file: string,
  args: string[],
  options: { cwd: string; runAs: RunAs; env?: Record<string, string>; timeoutMs?: number },
): Promise<void> {
  const name = file.split('/').pop() ?? file;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: minimalEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'], ...asUser(options.runAs) });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${name} could not run: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve();
      const tail = output.trim().split('\n').slice(-5).join(' | ');
      reject(new Error(`${name} failed (${code === null ? `signal ${signal}` : `exit ${code}`}): ${tail}`));
    });
  });
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL'); // not a group leader (should not happen for our nodes)
    } catch {
      /* already gone */
    }
  }
}

/**
 * Asks the process to stop with `signal`, then kills its whole process group (PostgreSQL's backends
 * must not outlive their postmaster) if it is still there after `graceMs`. Returns once it is gone.
 */
export async function terminate(pid: number, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(25);
  if (isAlive(pid)) killGroup(pid);
  for (let i = 0; i < 200 && isAlive(pid); i += 1) await sleep(25);
}
