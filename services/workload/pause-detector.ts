/** How often the detector's timer asks the event loop to run it. */
const TICK_MS = 5;
/** A tick this much later than asked is a pause of the load generator itself (a stall, a long GC, a starved process). */
export const CLIENT_PAUSE_MS = 20;

/** A stretch in which the load generator itself did not run, in ms from the origin given. */
export interface ClientPause {
  fromMs: number;
  toMs: number;
}

/**
 * Watches the load generator's own event loop while it measures. A call in flight while the process
 * cannot run is timed as long as the pause, whatever the node did, and the calls that end just after
 * it are timed from before it: the slices a pause touches measure the client, not the node. Those
 * are the pauses reported (as a load generator's pause detector does), so the gate can leave their
 * slices out instead of reading the client's stall as the node's latency.
 */
export class PauseDetector {
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  readonly pauses: ClientPause[] = [];

  /** `origin`: performance.now() of the moment pauses are reported from. */
  constructor(private readonly origin: number) {}

  start(): void {
    this.last = performance.now();
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  private tick(): void {
    const now = performance.now();
    if (now - this.last > TICK_MS + CLIENT_PAUSE_MS) this.pauses.push({ fromMs: this.last - this.origin, toMs: now - this.origin });
    this.last = now;
  }

  stop(): ClientPause[] {
    clearInterval(this.timer);
    this.tick();
    return this.pauses;
  }
}
