/** How often the detector's timer asks the event loop to run it. */
const TICK_MS = 5;
/** A tick this much later than asked is a pause of the load generator itself (a stall, a long GC, a starved process). */
export const CLIENT_PAUSE_MS = 20;

/** A stretch in which the load generator itself did not run (performance.now() times). */
export interface ClientPause {
  from: number;
  to: number;
}

/**
 * Watches the load generator's own event loop while it measures, as a benchmark's pause detector
 * does. A call in flight while the process cannot run is timed as long as the pause, whatever the
 * node did: such a call measured the client, not the node. `spannedPause` tells the runner which
 * calls those are, so it leaves them out; the rest of the run, and of each slice, stands.
 */
export class PauseDetector {
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  readonly pauses: ClientPause[] = [];

  start(): void {
    this.last = performance.now();
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  private tick(now = performance.now()): void {
    if (now - this.last > TICK_MS + CLIENT_PAUSE_MS) this.pauses.push({ from: this.last, to: now });
    this.last = now;
  }

  /**
   * Whether a call that ran from `started` to `finished` (performance.now()) was in flight across a
   * pause: one already seen, or one just over whose late tick has not run yet (the call's own
   * callback came first after the stall). Only a call longer than CLIENT_PAUSE_MS can have.
   */
  spannedPause(started: number, finished: number): boolean {
    // A call shorter than a pause cannot have spanned one: a run whose calls resolve at once keeps
    // the timer from running without being paused itself.
    if (finished - started <= CLIENT_PAUSE_MS) return false;
    if (finished - this.last > TICK_MS + CLIENT_PAUSE_MS) return true;
    for (let i = this.pauses.length - 1; i >= 0 && this.pauses[i]!.to > started; i -= 1) {
      if (this.pauses[i]!.from < finished) return true;
    }
    return false;
  }

  stop(): ClientPause[] {
    clearInterval(this.timer);
    this.tick();
    return this.pauses;
  }
}
