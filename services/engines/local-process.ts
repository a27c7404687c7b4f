import { spawn } from 'node:child_process';
import { minimalEnv } from '../core/child-env';
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
