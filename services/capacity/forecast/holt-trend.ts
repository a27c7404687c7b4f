/**
 * Holt's exponential smoothing of level and trend (no season: it runs on the weekly peak envelope,
 * which has none), optionally damped, in error-correction form:
 *   e = y − (l + φb);  l ← l + φb + αe;  b ← φb + αβe
 * α and β come from a small grid by the smallest sum of squared one-step errors. A missing value
 * (NaN) lets the state run on its own forecast. Run on log values it is the compounding
 * (multiplicative-trend) form: a constant trend there is a constant daily growth rate.
 */
export interface HoltTrendFit {
  alpha: number;
  beta: number;
  phi: number;
  /** Per time index, the state after that value: forecasts from every origin, for the backtests. */
  level: Float64Array;
  trend: Float64Array;
  /** Root mean squared one-step error after the burn-in. */
  residualStd: number;
}

const ALPHAS = [0.1, 0.2, 0.35, 0.5, 0.7, 0.9];
const BETAS = [0.01, 0.03, 0.08, 0.15, 0.3];
/** One-step errors of the first days are the initial state's, not the parameters'. */
const BURN_IN = 7;

/** φ + φ² + … + φ^h: how many trends an h-step forecast adds. */
export function dampedSum(phi: number, h: number): number {
  return phi === 1 ? h : (phi * (1 - phi ** h)) / (1 - phi);
}

/** The h-step forecast (h ≥ 1) from the state after time index `origin`. */
export function forecastFrom(fit: HoltTrendFit, origin: number, h: number): number {
  return fit.level[origin]! + dampedSum(fit.phi, h) * fit.trend[origin]!;
}

/** Fits level and trend to `values` (at least 8 of them), φ fixed (1 = undamped). */
export function fitHoltTrend(values: ArrayLike<number>, phi = 1): HoltTrendFit {
  const start = initialState(values);
  let bestSse = Infinity;
  let best = { alpha: 0.5, beta: 0.08 };
  for (const alpha of ALPHAS) {
    for (const beta of BETAS) {
      const sse = oneStepSse(values, start, alpha, beta, phi, bestSse);
      if (sse < bestSse) {
        bestSse = sse;
        best = { alpha, beta };
      }
    }
  }
  return run(values, start, best.alpha, best.beta, phi);
}

/** Level and trend from a least-squares line through the first two weeks. */
function initialState(values: ArrayLike<number>): { level: number; trend: number } {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let t = 0; t < Math.min(values.length, 14); t++) {
    const y = values[t]!;
    if (Number.isNaN(y)) continue;
    n++;
    sx += t;
    sy += y;
    sxx += t * t;
    sxy += t * y;
  }
  const denominator = n * sxx - sx * sx;
  const slope = n > 1 && denominator !== 0 ? (n * sxy - sx * sy) / denominator : 0;
  const intercept = n > 0 ? (sy - slope * sx) / n : 0;
  // The state before index 0, so that its one-step forecast is the line's value at 0.
  return { level: intercept - slope, trend: slope };
}

/** The grid search's hot loop: stops once worse than the best so far. */
function oneStepSse(
  values: ArrayLike<number>,
  start: { level: number; trend: number },
  alpha: number,
  beta: number,
  phi: number,
  stopAt: number,
): number {
  let level = start.level;
  let trend = start.trend;
  let sse = 0;
  for (let t = 0; t < values.length; t++) {
    const predicted = level + phi * trend;
    const y = values[t]!;
    if (Number.isNaN(y)) {
      level = predicted;
      trend *= phi;
      continue;
    }
    const e = y - predicted;
    if (t >= BURN_IN) {
      sse += e * e;
      if (sse >= stopAt) return sse;
    }
    level = predicted + alpha * e;
    trend = phi * trend + alpha * beta * e;
  }
  return sse;
}

function run(values: ArrayLike<number>, start: { level: number; trend: number }, alpha: number, beta: number, phi: number): HoltTrendFit {
  const n = values.length;
  const levels = new Float64Array(n);
  const trends = new Float64Array(n);
  let level = start.level;
  let trend = start.trend;
  let sse = 0;
  let errors = 0;
  for (let t = 0; t < n; t++) {
    const predicted = level + phi * trend;
    const y = values[t]!;
    if (Number.isNaN(y)) {
      level = predicted;
      trend *= phi;
    } else {
      const e = y - predicted;
      if (t >= BURN_IN) {
        sse += e * e;
        errors++;
      }
      level = predicted + alpha * e;
      trend = phi * trend + alpha * beta * e;
    }
    levels[t] = level;
    trends[t] = trend;
  }
  return { alpha, beta, phi, level: levels, trend: trends, residualStd: Math.sqrt(sse / Math.max(1, errors)) };
}
