import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { sleep } from '../../core/clock';
import { minimalEnv } from '../../core/child-env';
import { isAlive } from '../../core/process-alive';
import type { RunAs, SpawnSpec } from '../../core/engine-port';

export type { RunAs, SpawnSpec } from '../../core/engine-port';
export { isAlive } from '../../core/process-alive';

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

const asUser = (runAs: RunAs) => (runAs ? { uid: runAs.uid, gid: runAs.gid } : {});

/**
 * Starts a node process detached in its own process group (pgid = pid), so it outlives the
 * control-plane process that started it: a worker may die, the datastore must not.
 */
export function spawnDetached(spec: SpawnSpec): number {
  const log = openSync(spec.logFile, 'a');
  try {
    const child = spawn(spec.file, spec.args, {
      cwd: spec.cwd,
      detached: true,
      stdio: ['ignore', log, log],
      env: minimalEnv(),
      ...asUser(spec.runAs),
    });
    child.on('error', () => undefined); // a missing binary shows as a missing pid, thrown below
    child.unref();
    if (!child.pid) throw new Error(`could not start ${spec.file}`);
    return child.pid;
  } finally {
    closeSync(log);
  }
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
