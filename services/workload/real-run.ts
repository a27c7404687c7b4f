import type { WorkloadDefinition } from './definition';
import type { RealDriver } from './driver';
import { keyGenerator } from './keys';
import { seededRandom } from '../core/random';
import { RateLimiter } from './rate-limiter';
import type { Tally } from './tally';
import { PauseDetector } from './pause-detector';

export interface Window {
  startedAtMs: number; // epoch ms of the measured window's start
  measuredSeconds: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Closed-loop workers against a real engine: each waits for the rate limiter (if any), picks read or
 * write and a key, and times the call. Operations started during warm-up are not recorded; the
 * window closes at its end and calls still in flight then are left out; calls still hung
 * `timeoutMs` after it are cut off by closing the driver. After an error a worker
 * pauses `errorBackoffMs`, so a node that refuses at once does not spin the CPU. A call in flight
 * across a pause of the process itself is counted but not timed, and the slices a pause touched are
 * marked (pause-detector.ts).
 */
export interface RealRunOptions {
  seed: number;
  errorBackoffMs: number;
  /** How long after the window calls still in flight may take before the driver is closed under them. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export async function runReal(driver: RealDriver, workload: WorkloadDefinition, tally: Tally, options: RealRunOptions): Promise<Window> {
  const { seed, errorBackoffMs, signal } = options;
  const limiter = workload.rateLimitPerSecond ? new RateLimiter(workload.rateLimitPerSecond) : null;
  const payload = 'x'.repeat(workload.payloadBytes);
  const begin = performance.now();
  const measureFrom = begin + workload.warmupSeconds * 1000;
  const measureUntil = measureFrom + workload.durationSeconds * 1000;
  const worker = async (index: number) => {
    const random = seededRandom(seed + index * 7919);
    const keys = keyGenerator(workload.distribution, workload.keySpace, random, workload.zipfianTheta);
    while (!signal?.aborted) {
      if (limiter) await limiter.acquire();
      const started = performance.now();
      if (started >= measureUntil) return;
      const isRead = random() < workload.readRatio;
      const key = keys.next();
      try {
        await (isRead ? driver.read(index, key) : driver.write(index, key, payload));
        const finished = performance.now();
        if (started >= measureFrom && finished <= measureUntil) {
          if (pauses.spannedPause(started, finished)) tally.pausedCall();
          else tally.success(isRead ? 'read' : 'write', finished - started, finished - measureFrom);
        }
      } catch (error) {
        if (started >= measureFrom) tally.failure(driver.explain ? driver.explain(index, error) : error);
        await sleep(errorBackoffMs);
      }
    }
  };
  const pauses = new PauseDetector();
  pauses.start();
  const workers = Promise.all(Array.from({ length: workload.concurrency }, (_, i) => worker(i)));
  // A watchdog instead of a timer per call: a call hung past the window is cut off by closing the driver.
  let watchdog: NodeJS.Timeout | undefined;
  const hung = new Promise<void>((resolve) => {
    watchdog = setTimeout(
      () =>
        void driver
          .close()
          .catch(() => undefined)
          .then(resolve),
      measureUntil - begin + options.timeoutMs,
    );
  });
  await Promise.race([workers, hung]);
  clearTimeout(watchdog);
  for (const pause of pauses.stop()) tally.slices.markClientPause(pause.from - measureFrom, pause.to - measureFrom);
  const epochOffset = Date.now() - performance.now();
  const measuredMs = Math.min(performance.now(), measureUntil) - measureFrom;
  return { startedAtMs: measureFrom + epochOffset, measuredSeconds: Math.max(0, measuredMs) / 1000 };
}
