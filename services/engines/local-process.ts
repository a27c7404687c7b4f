import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { sleep } from '../core/clock';
import { minimalEnv } from '../core/child-env';
import { isAlive } from '../core/process-alive';
import type { RunAs } from './engine';

const asUser = (runAs: RunAs) => (runAs ? { uid: runAs.uid, gid: runAs.gid } : {});

/**
 * Runs a setup command (initdb, pg_basebackup, pgbackrest) to completion without blocking the event
 * loop and returns its standard output; throws with the tail of its output on failure. Secrets go in
 * `env`, never in `args`.
 */
export function runToCompletion(
  file: string,
  args: string[],
  options: { cwd: string; runAs: RunAs; env?: Record<string, string>; timeoutMs?: number },
): Promise<string> {
  const name = file.split('/').pop() ?? file;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: minimalEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      ...asUser(options.runAs),
    });
    let output = '';
    const stdout: Buffer[] = [];
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      keep(chunk);
    });
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${name} could not run: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(Buffer.concat(stdout).toString());
      const tail = output.trim().split('\n').slice(-5).join(' | ');
      reject(new Error(`${name} failed (${code === null ? `signal ${signal}` : `exit ${code}`}): ${tail}`));
    });
  });
}

/** How long the processes of a killed attempt get to go once sent SIGKILL. */
const LEFTOVERS_GONE_MS = 10_000;

/**
 * Stops every process still working on `path`, named by it on its command line (`--pg1-path=<path>`,
 * `-D <path>`, `--pgdata=<path>`): what a killed attempt left behind. A worker that dies leaves the
 * commands it started running, and pgBackRest's restore hands the files to a `restore:local` child
 * that outlives its parent; a retry that wiped the directory while such a process still wrote into
 * it started PostgreSQL on files cut short. Returns the pids stopped; Linux (`/proc`) only, elsewhere
 * nothing is found.
 */
export async function stopProcessesWorkingOn(path: string): Promise<number[]> {
  const found = processesNaming(path);
  for (const pid of found) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone meanwhile */
    }
  }
  const deadline = Date.now() + LEFTOVERS_GONE_MS;
  while (found.some(isAlive) && Date.now() < deadline) await sleep(50);
  const left = found.filter(isAlive);
  if (left.length > 0) throw new Error(`processes ${left.join(', ')} still work on ${path} after SIGKILL`);
  return found;
}

function processesNaming(path: string): number[] {
  if (!existsSync('/proc')) return [];
  const named = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
        .split('\0')
        .some((arg) => arg === path || arg.endsWith(`=${path}`));
    } catch {
      return false; // gone meanwhile
    }
  };
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => pid !== process.pid && named(pid));
}
