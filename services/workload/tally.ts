import type { OperationKind } from './driver';
import { LatencyRecorder } from './latencies';
import type { Random } from '../core/random';
import { SliceRecorder } from './slices';

const MAX_ERROR_MESSAGES = 5;

/** The measured window's counts and latencies, by operation and in total. */
export class Tally {
  readonly total: LatencyRecorder;
  readonly byOperation: Record<OperationKind, LatencyRecorder>;
  errors = 0;
  /** Calls that succeeded across a pause of the load generator itself: their time was the client's, so none is recorded. */
  pausedCalls = 0;
  readonly errorMessages = new Set<string>();
  /** The measured window's slices; none unless the run says how long its window is. */
  readonly slices: SliceRecorder;

  constructor(random: Random, reservoirSize: number, window: { windowMs: number; sliceCount: number } = { windowMs: 0, sliceCount: 0 }) {
    this.total = new LatencyRecorder(random, reservoirSize);
    this.byOperation = { read: new LatencyRecorder(random, 0), write: new LatencyRecorder(random, 0) };
    this.slices = new SliceRecorder(window.windowMs, window.sliceCount);
  }

  /** A call that succeeded, ending `endedAtMs` after the measured window opened. */
  success(op: OperationKind, latencyMs: number, endedAtMs = 0): void {
    this.total.record(latencyMs);
    this.byOperation[op].record(latencyMs);
    this.slices.record(endedAtMs, latencyMs);
  }

  pausedCall(): void {
    this.pausedCalls += 1;
  }

  failure(error: unknown): void {
    this.errors += 1;
    if (this.errorMessages.size < MAX_ERROR_MESSAGES) this.errorMessages.add(messageOf(error));
  }
}

export function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0]);
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.slice(0, 300);
}
