import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { onCleanup } from './cleanup';
import type { LoadPlan, LoadReport } from './load-plan';

/**
 * Runs a load generator `script` in a child process (`node --import tsx <script>`), hands it `plan`
 * and returns the one JSON report it prints. Load comes from a process of its own, so its CPU and
 * garbage never count against what is measured.
 */
export async function runLoadProcess<Plan, Report>(script: string, plan: Plan): Promise<Report> {
  // The plan goes on stdin, not argv (it may hold a bearer token, and argv is readable by every user
  // in ps) nor the environment (an open-loop storm's bodies exceed what one variable may hold).
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
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
  if (code !== 0 || !out.trim()) throw new Error(`load generator ${script} exited ${code} without a report`);
  return JSON.parse(out) as Report;
}

/** Runs the HTTP load generator (`http-load.ts`) and returns its report. */
export const runLoad = (plan: LoadPlan): Promise<LoadReport> => runLoadProcess(join(import.meta.dirname, 'http-load.ts'), plan);
