import { linearRegression } from 'simple-statistics';

/**
 * The previous forecaster's model (see `forecast.ts` here), unchanged.
 * Additive Holt-Winters (level, optionally damped trend, weekly season) in error-correction form:
 *   e = y − (l + φb + s);  l ← l + φb + αe;  b ← φb + αβe;  s ← s + γ(1−α)e
 * which is the classic smoothing form with β and γ as the usual smoothing weights. A missing
 * value (NaN) leaves the state to run on its own forecast, so a trailing gap costs nothing.
 */
export interface HoltWintersParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

export interface HoltWintersFit {
  params: HoltWintersParams;
  period: number;
  /** State after the last value. */
  level: number;
  trend: number;
  /** season[q] applies to time indexes t with t mod period = q. */
  season: number[];
  /** Number of values fitted (time index of the next value). */
  count: number;
  /** Root mean squared one-step error over the fit. */
  residualStd: number;
  /** Per time index, the state after that value: for in-sample h-step errors. */
  history: { level: Float64Array; trend: Float64Array; season: Float64Array };
}

const ALPHAS = [0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9];
const BETAS = [0.005, 0.02, 0.05, 0.1, 0.2];
const GAMMAS = [0.01, 0.1, 0.3];

export interface FitOptions {
  period?: number;
  damping?: number[];
}

/** Fits by the smallest one-step squared error over a grid; `values` need at least 2 periods. */
export function fitHoltWinters(values: ArrayLike<number>, options: FitOptions = {}): HoltWintersFit {
  const period = options.period ?? 7;
  const start = initialState(values, period);
  let best: HoltWintersParams = { alpha: 0.2, beta: 0.05, gamma: 0.1, phi: 1 };
  let bestSse = Infinity;
  for (const phi of options.damping ?? [1]) {
    for (const alpha of ALPHAS) {
      for (const beta of BETAS) {
        for (const gamma of GAMMAS) {
          const sse = oneStepSse(values, period, start, alpha, beta, gamma, phi, bestSse);
          if (sse < bestSse) {
            bestSse = sse;
            best = { alpha, beta, gamma, phi };
          }
        }
      }
    }
  }
  return run(values, period, start, best);
}

/** The central forecast `h` steps (≥ 1) after the last fitted value. */
export function pointForecast(fit: HoltWintersFit, h: number): number {
  return fit.level + dampedSum(fit.params.phi, h) * fit.trend + fit.season[(fit.count + h - 1) % fit.period]!;
}

/** φ + φ² + … + φ^h: how many trends an h-step forecast adds. */
export function dampedSum(phi: number, h: number): number {
  return phi === 1 ? h : (phi * (1 - phi ** h)) / (1 - phi);
}

interface StartState {
  level: number;
  trend: number;
  season: number[];
}

/** Level and trend from a regression over the first four weeks, season from its mean residual by weekday. */
function initialState(values: ArrayLike<number>, period: number): StartState {
  const points: Array<[number, number]> = [];
  for (let t = 0; t < Math.min(values.length, 4 * period); t++) if (!Number.isNaN(values[t]!)) points.push([t, values[t]!]);
  const { m, b } = linearRegression(points);
  const sums = new Array<number>(period).fill(0);
  const counts = new Array<number>(period).fill(0);
  for (const [t, y] of points) {
    sums[t % period]! += y - (b + m * t);
    counts[t % period]!++;
  }
  const raw = sums.map((s, q) => (counts[q] ? s / counts[q]! : 0));
  const mean = raw.reduce((a, c) => a + c, 0) / period;
  return { level: b - m, trend: m, season: raw.map((s) => s - mean) };
}

/** The hot loop of the grid search: stops early once worse than the best so far. */
function oneStepSse(
  values: ArrayLike<number>,
  period: number,
  start: StartState,
  alpha: number,
  beta: number,
  gamma: number,
  phi: number,
  stopAt: number,
): number {
  const season = start.season.slice();
  let level = start.level;
  let trend = start.trend;
  let sse = 0;
  const gammaState = gamma * (1 - alpha);
  for (let t = 0; t < values.length; t++) {
    const q = t % period;
    const predicted = level + phi * trend;
    const y = values[t]!;
    if (Number.isNaN(y)) {
      level = predicted;
      trend *= phi;
      continue;
    }
    const e = y - predicted - season[q]!;
    if (t >= period) {
      sse += e * e;
      if (sse >= stopAt) return sse;
    }
    level = predicted + alpha * e;
    trend = phi * trend + alpha * beta * e;
    season[q] = season[q]! + gammaState * e;
  }
  return sse;
}

function run(values: ArrayLike<number>, period: number, start: StartState, params: HoltWintersParams): HoltWintersFit {
  const { alpha, beta, gamma, phi } = params;
  const n = values.length;
  const history = { level: new Float64Array(n), trend: new Float64Array(n), season: new Float64Array(n) };
  const season = start.season.slice();
  let level = start.level;
  let trend = start.trend;
  let sse = 0;
  let errors = 0;
  for (let t = 0; t < n; t++) {
    const q = t % period;
    const predicted = level + phi * trend;
    const y = values[t]!;
    if (Number.isNaN(y)) {
      level = predicted;
      trend *= phi;
    } else {
      const e = y - predicted - season[q]!;
      if (t >= period) {
        sse += e * e;
        errors++;
      }
      level = predicted + alpha * e;
      trend = phi * trend + alpha * beta * e;
      season[q] = season[q]! + gamma * (1 - alpha) * e;
    }
    history.level[t] = level;
    history.trend[t] = trend;
    history.season[t] = season[q]!;
  }
  return { params, period, level, trend, season, count: n, residualStd: Math.sqrt(sse / Math.max(1, errors)), history };
}
