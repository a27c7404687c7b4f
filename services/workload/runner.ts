import { validateWorkload, type WorkloadDefinition } from './definition';
import type { WorkloadDriver } from './driver';
import type { EngineRegistry } from '../core/engine-port';
import { driverFor } from './driver-for';
import { DEFAULT_RESERVOIR_SIZE } from './latencies';
import { sliceCountFor } from './slices';
import { seedFrom, seededRandom } from '../core/random';
import { runReal } from './real-run';
import type { WorkloadResult } from './result';
import { Tally } from './tally';
import { targetVersions, type WorkloadTarget } from './target';
import { runVirtual } from './virtual-run';
import { meterSimulatedWork } from './simulated-cpu';

export type { WorkloadResult } from './result';
export type { WorkloadTarget } from './target';

export interface RunOptions {
  /** A driver to use instead of the engine's own (tests, benchmarks that share one). */
  driver?: WorkloadDriver;
  /** Where a real target's driver comes from (each engine adapter has one); not needed with `driver`. */
  engines?: Pick<EngineRegistry, 'get'>;
  /** Picks keys, operations and (simulated) latencies; default: from the workload's name. */
  seed?: number;
  /** Simulated targets: the run drifts from slice to slice as real runs do (seeded by `driftSeed`); default true. */
  simulatedDrift?: boolean;
  /**
   * Simulated targets: seeds the drift of the run's servers over time; default: the run's seed. Two
   * runs measured side by side share one, so they meet the same slowdowns (each still draws its own calls).
   */
  driftSeed?: number;
  /** Raw latencies kept for rank tests; default 2,000. */
  reservoirSize?: number;
  /** Equal slices the measured window is cut into (per-slice p99 and mean); default one per SLICE_MS (sliceCountFor). */
  slices?: number;
  /** Write every key once before the warm-up; default: when the key space is 100,000 or less. */
  prefill?: boolean;
  /** Pause of a worker after a failed operation; default 5 ms. */
  errorBackoffMs?: number;
  /** Connection deadline of the real drivers, and how long calls may hang past the run; default 5,000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Runs one workload against one target and returns what it measured. The one entry point for the
 * API's benchmark operation, the upgrade workflow's before/after runs and `npm run bench:runner`.
 * It never throws for a target that fails: a node that refuses every call gives a result whose
 * operations are errors (see errors and errorMessages). It throws only for an invalid workload.
 */
export async function runWorkload(target: WorkloadTarget, input: WorkloadDefinition, options: RunOptions = {}): Promise<WorkloadResult> {
  const workload = validateWorkload(input);
  const seed = options.seed ?? seedFrom(workload.name);
  const tally = new Tally(seededRandom(seed ^ 0x5bd1e995), options.reservoirSize ?? DEFAULT_RESERVOIR_SIZE, {
    windowMs: workload.durationSeconds * 1000,
    sliceCount: options.slices ?? sliceCountFor(workload.durationSeconds),
  });
  const driver =
    options.driver ??
    driverFor(target, {
      timeoutMs: options.timeoutMs ?? 5000,
      seed,
      ...(options.simulatedDrift === false ? { driftSeed: 0 } : options.driftSeed === undefined ? {} : { driftSeed: options.driftSeed }),
      ...(options.engines ? { engines: options.engines } : {}),
    });
  const startedAt = new Date();
  let window;
  if (driver.kind === 'virtual') {
    window = await runVirtual(driver, workload, tally, seed, startedAt);
  } else {
    try {
      await driver.open(workload.concurrency);
      const prefill = options.prefill ?? workload.keySpace <= 100_000;
      if (prefill && driver.prefill) await driver.prefill(workload.keySpace, 'x'.repeat(workload.payloadBytes));
    } catch (error) {
      // Not fatal: the run goes on and each operation reports the failure as an error.
      tally.failure(error);
    }
    try {
      window = await runReal(driver, workload, tally, {
        seed,
        errorBackoffMs: options.errorBackoffMs ?? 5,
        timeoutMs: options.timeoutMs ?? 5000,
        signal: options.signal,
      });
    } finally {
      await driver.close().catch(() => undefined);
    }
  }
  const result = (): WorkloadResult => {
    const operations = tally.total.count;
    return {
      workload,
      engine: target.engine,
      simulated: driver.kind === 'virtual',
      nodes: targetVersions(target),
      startedAt: new Date(window.startedAtMs),
      finishedAt: new Date(window.startedAtMs + window.measuredSeconds * 1000),
      measuredSeconds: window.measuredSeconds,
      operations,
      errors: tally.errors,
      opsPerSecond: window.measuredSeconds > 0 ? Math.round((operations / window.measuredSeconds) * 10) / 10 : 0,
      latency: tally.total.summary(),
      byOperation: { read: tally.byOperation.read.summary(), write: tally.byOperation.write.summary() },
      histogram: tally.total.encoded(),
      samples: tally.total.samples(),
      slices: tally.slices.summaries(),
      ...(driver.kind === 'virtual' ? {} : { clientPausedCalls: tally.pausedCalls }),
      errorMessages: [...tally.errorMessages],
    };
  };
  // Summarising a simulated run is part of simulating it.
  return driver.kind === 'virtual' ? meterSimulatedWork(result) : result();
}
