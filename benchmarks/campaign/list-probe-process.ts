import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { LatencySummary } from '../lib/report';
import { onCleanup } from '../lib/cleanup';

export type ProbeReport = LatencySummary & { errors: number; seconds: number; p99By30s: Array<number | null> };

/** Starts `list-probe.ts` in a process of its own against `url`; `stop()` ends it and returns its report. */
export function startListProbe(url: string, token: string): { stop(): Promise<ProbeReport> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'list-probe.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.write(`${JSON.stringify({ url, token })}\n`);
  // An interrupted benchmark must not leave its probe running.
  const kill = onCleanup(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return {
    stop: () =>
      new Promise((resolve, reject) => {
        child.once('exit', () => {
          void kill();
          return out.trim() ? resolve(JSON.parse(out) as ProbeReport) : reject(new Error('list probe printed nothing'));
        });
        child.stdin.write('stop\n');
      }),
  };
}
