/**
 * Spaces operations evenly at `perSecond`, shared by every concurrent caller: each call reserves
 * the next free slot and says how long to wait for it. Time not used is not saved up:
 * a caller that falls behind earns no burst later, so the offered rate never exceeds the limit.
 */
export class RateLimiter {
  private readonly intervalMs: number;
  private nextSlotMs: number | null = null;

  constructor(
    readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(perSecond > 0)) throw new RangeError(`a rate limit must be positive, not ${perSecond}`);
    this.intervalMs = 1000 / perSecond;
  }

  /** Milliseconds to wait before the caller may start its next operation (0: at once). */
  reserve(): number {
    const now = this.now();
    const slot = this.nextSlotMs === null ? now : Math.max(this.nextSlotMs, now);
    this.nextSlotMs = slot + this.intervalMs;
    return Math.max(0, slot - now);
  }

  async acquire(): Promise<void> {
    const waitMs = this.reserve();
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}
