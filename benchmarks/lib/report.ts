import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import * as hdr from 'hdr-histogram-js';
import { runCleanups } from './cleanup';

export const resultsDir = resolve(import.meta.dirname, '../results');

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

/** A latency recorder backed by an HDR histogram (microsecond resolution, 3 significant digits). */
export class LatencyRecorder {
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });

  record(ms: number): void {
    this.histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
  }

  summary(): LatencySummary {
    const h = this.histogram;
    const ms = (us: number) => Math.round(us) / 1000;
    return {
      count: h.totalCount,
      p50Ms: ms(h.getValueAtPercentile(50)),
      p90Ms: ms(h.getValueAtPercentile(90)),
      p99Ms: ms(h.getValueAtPercentile(99)),
      maxMs: ms(h.maxValue),
      meanMs: ms(h.mean),
    };
  }
}

/** Writes <name>.json with the machine it ran on, and prints a short table. */
export function writeResults(name: string, results: Record<string, unknown>, table: Array<Record<string, string | number>>): void {
  mkdirSync(resultsDir, { recursive: true });
  const document = {
    benchmark: name,
    ranAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      // The machine is shared: how busy it was (1, 5 and 15 minutes) says how far to trust the figures.
      loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    },
    ...results,
  };
  const file = join(resultsDir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  console.table(table);
  console.log(`results written to ${file}`);
}

/** Runs `task` from `concurrency` loops until `durationMs` passes; returns completed count and elapsed ms. */
export async function runFor(
  durationMs: number,
  concurrency: number,
  task: () => Promise<void>,
): Promise<{ completed: number; elapsedMs: number }> {
  const started = performance.now();
  let completed = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() - started < durationMs) {
        await task();
        completed += 1;
      }
    }),
  );
  return { completed, elapsedMs: performance.now() - started };
}

/** Calls `submit(i)` for i in [0, count) from `producers` concurrent loops. */
export async function produce(count: number, producers: number, submit: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: producers }, async () => {
      while (next < count) await submit(next++);
    }),
  );
}

/**
 * Runs a benchmark's main, removes what it created (even when it failed) and exits with its
 * outcome (open connections must not keep it alive).
 */
export function runBenchmark(main: () => Promise<void>): void {
  main()
    .then(
      () => 0,
      (error: unknown) => {
        console.error(error);
        return 1;
      },
    )
    .then(async (code) => {
      await runCleanups();
      process.exit(code);
    });
}
