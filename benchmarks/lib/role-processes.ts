import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Role } from '../../services/app/app';
import type { Config } from '../../services/core/config';
import { onCleanup } from './cleanup';
import { sleep } from '../../services/core/clock';
import type { RoleCpu } from './role-process';

/** A Datafleet process of this run, in a process of its own (see role-process.ts). */
export interface RoleProcess {
  roles: Role[];
  pid: number;
  /** Its API's base URL, empty without the api role. */
  url: string;
  cpu(): Promise<RoleCpu>;
  stop(): Promise<void>;
}

/** Whether the process has ended, by itself or by a signal (then exitCode stays null). */
const ended = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

function nextLine(lines: Interface, child: ChildProcess): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`Datafleet process exited (${code}) before it answered`));
    if (ended(child)) return onExit(child.exitCode);
    child.once('exit', onExit);
    lines.once('line', (line: string) => {
      child.off('exit', onExit);
      resolve(JSON.parse(line) as Record<string, unknown>);
    });
  });
}

/**
 * Starts Datafleet with `roles` in a child process and waits until it serves. Killed on
 * SIGINT/SIGTERM or a failed run, so an interrupted benchmark leaves no server behind.
 */
export async function startRoleProcess(roles: Role[], config: Partial<Config>, options: { nice?: number } = {}): Promise<RoleProcess> {
  // BENCH_CPU_PROF_DIR: each process writes a CPU profile there when it stops (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [];
  const node = [process.execPath, ...profile, '--import', 'tsx', join(import.meta.dirname, 'role-process.ts')];
  // `nice` execs node in place (same pid), and every thread node starts inherits the priority.
  const [command, ...args] = options.nice ? ['nice', '-n', String(options.nice), ...node] : node;
  const child = spawn(command!, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const kill = onCleanup(async () => {
    if (!ended(child)) child.kill('SIGKILL');
  });
  // A process that died mid-request closes its pipe; nextLine reports that, not a stray EPIPE.
  child.stdin!.on('error', () => undefined);
  const lines = createInterface({ input: child.stdout! });
  // One request at a time: each answer is the next line.
  let queue: Promise<unknown> = Promise.resolve();
  const ask = <T>(request: string): Promise<T> => {
    const answer = queue.then(() => {
      const line = nextLine(lines, child);
      if (!ended(child)) child.stdin!.write(`${request}\n`);
      return line;
    });
    queue = answer.catch(() => undefined);
    return answer as Promise<T>;
  };
  const ready = await ask<{ url: string }>(JSON.stringify({ roles, config }));
  let stopped = false;
  return {
    roles,
    pid: child.pid!,
    url: ready.url,
    cpu: () => ask<RoleCpu>('cpu'),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      if (!ended(child)) {
        const exited = new Promise((done) => child.once('exit', done));
        await ask('stop').catch(() => undefined);
        // It exits by itself once stopped (writing its CPU profile, if asked to); one that hangs is killed.
        await Promise.race([exited, sleep(10_000)]);
      }
      await kill();
    },
  };
}
