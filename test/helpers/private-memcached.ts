import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemcachedRecipe } from '../../services/engines/memcached/local-recipe';
import { freePort } from '../../services/infra/embedded/probe';
import { eventually } from './app';
import { cleanupOnExit } from './cleanup';

/**
 * A memcached of one test's own, started the way a local node is (the engine's recipe: its directory,
 * flags and readiness check) on a free port, but as a child of the test process so it cannot
 * outlive it.
 */
export interface PrivateMemcached {
  port: number;
  /** Kills the server and deletes its directory; safe to call twice. */
  remove(): void;
}

export async function startPrivateMemcached(settings: Record<string, number | boolean> = {}): Promise<PrivateMemcached> {
  const recipe = new MemcachedRecipe();
  const dir = mkdtempSync(join(tmpdir(), 'datafleet-private-memcached-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const remove = cleanupOnExit(() => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  try {
    await recipe.prepare({ dir, port });
    if (Object.keys(settings).length > 0) recipe.applySettings(dir, settings);
    const spec = recipe.command(dir);
    const log = openSync(spec.logFile, 'a');
    try {
      child = spawn(spec.file, spec.args, { cwd: spec.cwd, stdio: ['ignore', log, log] });
    } finally {
      closeSync(log);
    }
    await eventually(() => recipe.answers(port), 10_000, 50);
  } catch (error) {
    remove();
    throw error;
  }
  return { port, remove };
}
