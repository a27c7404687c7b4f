import { describe, expect, it } from 'vitest';
import { naiveExhaustionDay } from '../../services/capacity/forecast/baseline';

// 100 GB growing 5 GB/day: the last value (day 59) is 395 GB, so 1,000 GB is 121 days away.
const values = Array.from({ length: 60 }, (_, t) => 100 + 5 * t);

describe('naive baseline', () => {
  it("continues the last week's growth in a straight line", () => {
    expect(naiveExhaustionDay(values, 1000)).toBe(121);
    expect(naiveExhaustionDay(values, 1000, 14)).toBe(121);
    expect(naiveExhaustionDay([5, 5, 5, 5, 5, 5, 5, 5], 10)).toBeNull();
    expect(naiveExhaustionDay([5, 8, 11], 10)).toBe(0);
    expect(naiveExhaustionDay([], 10)).toBeNull();
  });

  it('skips missing days and still counts from the end of the input', () => {
    const gappy = values.map((v, t) => (t === 55 || t >= 58 ? Number.NaN : v));
    // The last present value is day 57 (385 GB): 123 days from it, 121 from the end of the input.
    expect(naiveExhaustionDay(gappy, 1000)).toBe(121);
  });
});
