import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { LatencySummary } from '../lib/report';
import { onCleanup } from '../lib/cleanup';

export type PhaseReport = LatencySummary & { errors: number; seconds: number; p99By30s: Array<number | null> };
/** Per phase; `idle` pools every phase named idle*. */
export type ProbeReport = { idle: LatencySummary } & Record<string, PhaseReport>;

export interface ListProbe {
  /** The requests from now on belong to this phase. */
  phase(name: string): void;
  /** Ends the probe and returns its report. */
  stop(): Promise<ProbeReport>;
}

/** Starts `list-probe.ts` in a process of its own against `url`, in phase `idle-before`. */
export function startListProbe(url: string, token: string): ListProbe {
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
    phase: (name) => child.stdin.write(`${name}\n`),
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
