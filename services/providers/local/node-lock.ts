import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from '../../core/clock';
import { UnavailableError } from '../../core/errors';
import { isAlive } from './processes';

const WAIT_MS = 120_000;

/**
 * One change at a time per node, across every process on this machine: two workers (or a retry
 * racing the attempt it retries) must not initdb the same directory or start two servers. The lock
 * is a file created exclusively, holding the holder's pid; a holder that died leaves a stale file,
 * which the next comer removes. Within one process the same file serialises concurrent calls.
 */
export async function withNodeLock<T>(locksDir: string, name: string, fn: () => Promise<T>): Promise<T> {
  mkdirSync(locksDir, { recursive: true });
  const file = join(locksDir, `${name}.lock`);
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    if (tryCreate(file)) break;
    if (!isAlive(holder(file))) {
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new UnavailableError(`local node ${name} is busy with another change; try again`, { node: name });
    await sleep(50);
  }
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}

/** Hard-linking a finished temp file creates the lock atomically with its content in place. */
function tryCreate(file: string): boolean {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(temp, String(process.pid));
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

function holder(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
