import { probit } from 'simple-statistics';
import { nelderMead } from './nelder-mead';

/**
 * The reference a data scientist would reach for, written as statsmodels'
 * `ExponentialSmoothing(y, trend='add', seasonal='add', seasonal_periods=7).fit()` does it:
 * the classic additive Holt-Winters recursions
 *   l_t = α(y_t − s_{t−m}) + (1 − α)(l_{t−1} + b_{t−1})
 *   b_t = β(l_t − l_{t−1}) + (1 − β) b_{t−1}
 *   s_t = γ(y_t − l_{t−1} − b_{t−1}) + (1 − γ) s_{t−m}
 * with α, β ∈ [0, 1] and γ ∈ [0, 1 − α], fitted by minimising the sum of squared one-step errors
 * with Nelder-Mead (bounds by a logistic map), from the "legacy-heuristic" initial state (level =
 * mean of the first week, trend = mean weekly change over the first two weeks / 7, season = first
 * week minus its mean). It forecasts the daily values themselves (no envelope). Its 80% interval
 * is the analytic one of the equivalent state-space model (as statsmodels' ETSModel gives):
 * σ²(1 + Σ_{j<h} (α + αβj + γ[j mod 7 = 0])²).
 */
const PERIOD = 7;

export interface ReferenceForecast {
  exhaustionDay: number | null;
  earliestDay: number | null;
  latestDay: number | null;
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

function smoothingParams(x: number[]): { alpha: number; beta: number; gamma: number } {
  const alpha = logistic(x[0]!);
  return { alpha, beta: logistic(x[1]!), gamma: (1 - alpha) * logistic(x[2]!) };
}

interface State {
  level: number;
  trend: number;
  season: number[];
  sse: number;
  count: number;
}

function initial(values: readonly number[]): Omit<State, 'sse' | 'count'> {
  const mean = (from: number) => values.slice(from, from + PERIOD).reduce((a, b) => a + b, 0) / PERIOD;
  const level = mean(0);
  return { level, trend: (mean(PERIOD) - level) / PERIOD, season: values.slice(0, PERIOD).map((v) => v - level) };
}

function filter(values: readonly number[], alpha: number, beta: number, gamma: number): State {
  const start = initial(values);
  const season = start.season.slice();
  let { level, trend } = start;
  let sse = 0;
  for (let t = 0; t < values.length; t++) {
    const y = values[t]!;
    const s = season[t % PERIOD]!;
    const e = y - (level + trend + s);
    sse += e * e;
    const [previousLevel, previousTrend] = [level, trend];
    level = alpha * (y - s) + (1 - alpha) * (previousLevel + previousTrend);
    trend = beta * (level - previousLevel) + (1 - beta) * previousTrend;
    season[t % PERIOD] = gamma * (y - previousLevel - previousTrend) + (1 - gamma) * s;
  }
  return { level, trend, season, sse, count: values.length };
}

/** Fits and forecasts `values` (at least two weeks, no gaps) up to `horizonDays`, and when each of value/high/low reaches capacity. */
export function referenceHoltWinters(values: readonly number[], capacity: number, horizonDays: number, level = 0.8): ReferenceForecast {
  const objective = (x: number[]) => {
    const { alpha, beta, gamma } = smoothingParams(x);
    return filter(values, alpha, beta, gamma).sse;
  };
  const { x } = nelderMead(objective, [logit(0.5), logit(0.1), logit(0.1)], { step: 1, maxIterations: 300 });
  const { alpha, beta, gamma } = smoothingParams(x);
  const state = filter(values, alpha, beta, gamma);
  const sigma = Math.sqrt(state.sse / Math.max(1, state.count - 3));
  const z = probit((1 + level) / 2);
  const last = values[values.length - 1]!;
  if (last >= capacity) return { exhaustionDay: 0, earliestDay: 0, latestDay: 0 };
  let exhaustionDay: number | null = null;
  let earliestDay: number | null = null;
  let latestDay: number | null = null;
  let variance = 1;
  for (let h = 1; h <= horizonDays; h++) {
    if (h > 1) {
      const j = h - 1;
      const c = alpha + alpha * beta * j + (j % PERIOD === 0 ? gamma : 0);
      variance += c * c;
    }
    const value = state.level + h * state.trend + state.season[(values.length + h - 1) % PERIOD]!;
    const spread = z * sigma * Math.sqrt(variance);
    if (exhaustionDay === null && value >= capacity) exhaustionDay = h;
    if (earliestDay === null && value + spread >= capacity) earliestDay = h;
    if (latestDay === null && value - spread >= capacity) latestDay = h;
  }
  return { exhaustionDay, earliestDay, latestDay };
}
