import { describe, expect, it } from 'vitest';
import { decideNotices, noticeThresholds, rearmAbove } from '../../services/capacity/notice-policy';

describe('capacity notice policy', () => {
  it('warns at the configured horizon, then at 30 and 7 days where tighter', () => {
    expect(noticeThresholds(90)).toEqual([90, 30, 7]);
    expect(noticeThresholds(20)).toEqual([20, 7]);
    expect(noticeThresholds(30)).toEqual([30, 7]);
  });

  it('opens each threshold crossed once, and keeps quiet while the forecast wobbles around it', () => {
    const thresholds = noticeThresholds(90);
    expect(decideNotices(120, thresholds, new Set())).toEqual({ open: [], clear: [] });
    expect(decideNotices(90, thresholds, new Set())).toEqual({ open: [90], clear: [] });
    expect(decideNotices(25, thresholds, new Set())).toEqual({ open: [90, 30], clear: [] });
    // 89 → 95 → 88: still the one notice, neither cleared nor reopened.
    for (const days of [95, 99, 88]) expect(decideNotices(days, thresholds, new Set([90]))).toEqual({ open: [], clear: [] });
  });

  it('re-arms only clearly above the threshold, or when no exhaustion is in sight', () => {
    expect(rearmAbove(90)).toBe(99);
    expect(rearmAbove(7)).toBe(9);
    expect(decideNotices(100, noticeThresholds(90), new Set([90]))).toEqual({ open: [], clear: [90] });
    expect(decideNotices(null, noticeThresholds(90), new Set([90, 30]))).toEqual({ open: [], clear: [90, 30] });
    expect(decideNotices(40, noticeThresholds(90), new Set([90, 30]))).toEqual({ open: [], clear: [30] });
  });

  it('clears a notice whose threshold is no longer configured', () => {
    expect(decideNotices(50, noticeThresholds(40), new Set([90]))).toEqual({ open: [], clear: [90] });
  });
});
