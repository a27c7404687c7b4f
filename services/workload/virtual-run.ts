import type { WorkloadDefinition } from './definition';
import type { VirtualDriver } from './driver';
import { keyGenerator } from './keys';
import { seededRandom, type Random } from '../core/random';
import type { Tally } from './tally';
import type { Window } from './real-run';
import { meterSimulatedWork } from './simulated-cpu';

/** A virtual run stops here even if its duration is not over; the window then ends where it stopped. */
export const MAX_VIRTUAL_OPERATIONS = 2_000_000;
const YIELD_EVERY = 20_000;

interface Worker {
  index: number;
  freeAtMs: number;
  random: Random;
  keys: { next(): number };
}

/**
 * Heap order: free sooner, ties by index (deterministic order). A function of the module, not a
 * closure made per call: the loader names every function it creates (esbuild's keepNames), a
 * property definition that cost more than the comparison when made for every operation.
 */
function before(a: Worker, b: Worker): boolean {
  return a.freeAtMs < b.freeAtMs || (a.freeAtMs === b.freeAtMs && a.index < b.index);
}

/** A binary min-heap of workers by the virtual time they are free. */
function siftDown(heap: Worker[], i: number): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let least = i;
    if (l < heap.length && before(heap[l]!, heap[least]!)) least = l;
    if (r < heap.length && before(heap[r]!, heap[least]!)) least = r;
    if (least === i) return;
    [heap[i], heap[least]] = [heap[least]!, heap[i]!];
    i = least;
  }
}

/**
 * The closed loop of runReal in virtual time: the worker free soonest starts the next operation
 * (at the next rate-limit slot, if any), which lasts the latency the driver draws. Same seed, same
 * model: same result. Wall time taken: the run's duration divided by the driver's time scale.
 */
export async function runVirtual(
  driver: VirtualDriver,
  workload: WorkloadDefinition,
  tally: Tally,
  seed: number,
  startedAt: Date,
): Promise<Window> {
  const wallStart = performance.now();
  const heap: Worker[] = meterSimulatedWork(() =>
    Array.from({ length: workload.concurrency }, (_, index) => {
      const random = seededRandom(seed + index * 7919);
      return { index, freeAtMs: 0, random, keys: keyGenerator(workload.distribution, workload.keySpace, random, workload.zipfianTheta) };
    }),
  );
  const intervalMs = workload.rateLimitPerSecond ? 1000 / workload.rateLimitPerSecond : 0;
  const measureFrom = workload.warmupSeconds * 1000;
  let measureUntil = measureFrom + workload.durationSeconds * 1000;
  let nextSlotMs = 0;
  let done = 0;
  /** Up to YIELD_EVERY operations; false once the run is over. */
  const chunk = (): boolean => {
    for (let ran = 0; ran < YIELD_EVERY; ran += 1, done += 1) {
      const worker = heap[0]!;
      const startMs = Math.max(worker.freeAtMs, nextSlotMs);
      if (startMs >= measureUntil) return false;
      if (done >= MAX_VIRTUAL_OPERATIONS) {
        measureUntil = Math.max(measureFrom, startMs);
        return false;
      }
      nextSlotMs = intervalMs > 0 ? startMs + intervalMs : 0;
      const op = worker.random() < workload.readRatio ? 'read' : 'write';
      worker.keys.next();
      const drawn = driver.latency(worker.index, op, worker.random, startMs - measureFrom);
      const latencyMs = typeof drawn === 'number' ? drawn : 1; // a refused call fails fast
      const endMs = startMs + latencyMs;
      if (startMs >= measureFrom && endMs <= measureUntil) {
        if (typeof drawn === 'number') tally.success(op, latencyMs, endMs - measureFrom);
        else tally.failure(new Error(drawn.error));
      }
      worker.freeAtMs = endMs;
      siftDown(heap, 0);
    }
    return true;
  };
  // Other work of the process runs between chunks; each chunk alone is metered.
  while (meterSimulatedWork(chunk)) await new Promise((resolve) => setImmediate(resolve));
  const wallMs = ((workload.warmupSeconds + workload.durationSeconds) * 1000) / driver.timeScale;
  const remaining = wallMs - (performance.now() - wallStart);
  if (remaining > 0) await new Promise((resolve) => setTimeout(resolve, remaining));
  return { startedAtMs: startedAt.getTime() + measureFrom, measuredSeconds: (measureUntil - measureFrom) / 1000 };
}
