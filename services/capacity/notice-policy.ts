/**
 * When a capacity notice opens and when it re-arms, as pure functions of a cluster's days left.
 *
 * A notice opens once when days left fall to a threshold or below. It stays open (silent) while the
 * forecast hovers around the threshold, and re-arms only once days left rise clearly above it:
 * 10% of the threshold and at least two days. Without that margin a forecast that wobbles between
 * 89 and 91 days would notify every other day.
 */

/** The warning threshold, then 30 and 7 days where they are tighter than it, largest first. */
export function noticeThresholds(warningDays: number): number[] {
  return [...new Set([warningDays, 30, 7])].filter((t) => t <= warningDays).sort((a, b) => b - a);
}

/** Days left above which an open notice for `threshold` is cleared. */
export const rearmAbove = (threshold: number): number => Math.max(Math.ceil((threshold * 11) / 10), threshold + 2);

export interface NoticeDecision {
  /** Thresholds crossed with no notice open: each opens one. */
  open: number[];
  /** Thresholds whose open notice is cleared (re-armed). */
  clear: number[];
}

/** What to do for one cluster, given its days left (null: no exhaustion within the horizon). */
export function decideNotices(daysLeft: number | null, thresholds: number[], openThresholds: ReadonlySet<number>): NoticeDecision {
  const open: number[] = [];
  const clear: number[] = [];
  for (const threshold of thresholds) {
    if (openThresholds.has(threshold)) {
      if (daysLeft === null || daysLeft > rearmAbove(threshold)) clear.push(threshold);
    } else if (daysLeft !== null && daysLeft <= threshold) {
      open.push(threshold);
    }
  }
  // An open notice for a threshold no longer configured would otherwise stay open for ever.
  for (const threshold of openThresholds) if (!thresholds.includes(threshold)) clear.push(threshold);
  return { open, clear };
}
