/**
 * A least-squares line through the last `window` present values up to each origin, from running
 * sums so that every origin costs the same: the backtests ask for forecasts from every day.
 */
export interface RecentLine {
  /** The line through the window ending at `origin`, `h` days past it. */
  at(origin: number, h: number): number;
  /** Root mean squared residual of the line through the last window. */
  residualStd: number;
}

export function recentLine(values: readonly number[], window: number): RecentLine {
  const n = values.length;
  const sums = {
    c: new Float64Array(n + 1),
    x: new Float64Array(n + 1),
    y: new Float64Array(n + 1),
    xx: new Float64Array(n + 1),
    xy: new Float64Array(n + 1),
  };
  for (let t = 0; t < n; t++) {
    const y = values[t]!;
    const present = Number.isNaN(y) ? 0 : 1;
    sums.c[t + 1] = sums.c[t]! + present;
    sums.x[t + 1] = sums.x[t]! + present * t;
    sums.y[t + 1] = sums.y[t]! + (present ? y : 0);
    sums.xx[t + 1] = sums.xx[t]! + present * t * t;
    sums.xy[t + 1] = sums.xy[t]! + (present ? t * y : 0);
  }
  // The line through the window ending at each origin, once: backtests ask for every origin many times.
  const slopes = new Float64Array(n);
  const intercepts = new Float64Array(n);
  for (let origin = 0; origin < n; origin++) {
    // Differences of running sums, inline: a closure made per origin costs more than the arithmetic.
    const [to, from] = [origin + 1, Math.max(0, origin - window + 1)];
    const c = sums.c[to]! - sums.c[from]!;
    const sx = sums.x[to]! - sums.x[from]!;
    const sy = sums.y[to]! - sums.y[from]!;
    const denominator = c * (sums.xx[to]! - sums.xx[from]!) - sx * sx;
    const slope = c > 1 && denominator > 0 ? (c * (sums.xy[to]! - sums.xy[from]!) - sx * sy) / denominator : 0;
    slopes[origin] = slope;
    intercepts[origin] = c > 0 ? (sy - slope * sx) / c : Number.NaN;
  }
  const last = { slope: slopes[n - 1]!, intercept: intercepts[n - 1]! };
  let sse = 0;
  let count = 0;
  for (let t = Math.max(0, n - window); t < n; t++) {
    if (Number.isNaN(values[t]!)) continue;
    sse += (values[t]! - (last.intercept + last.slope * t)) ** 2;
    count++;
  }
  return {
    at: (origin, h) => intercepts[origin]! + slopes[origin]! * (origin + h),
    residualStd: Math.sqrt(sse / Math.max(1, count - 2)),
  };
}
