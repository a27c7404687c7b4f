import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { onCleanup } from './cleanup';
import type { LoadPlan, LoadReport } from './load-plan';

/** Runs the load generator in a child process (`node --import tsx http-load.ts`) and returns its report. */
export async function runLoad(plan: LoadPlan): Promise<LoadReport> {
  // The plan goes on stdin, not argv (it holds a bearer token, and argv is readable by every user in
  // ps) nor the environment (an open-loop storm's bodies exceed what one variable may hold).
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'http-load.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.end(JSON.stringify(plan));
  // An interrupted benchmark must not leave its load generator running.
  const stop = onCleanup(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  await stop();
  if (code !== 0 || !out.trim()) throw new Error(`load generator exited ${code} without a report`);
  return JSON.parse(out) as LoadReport;
}
