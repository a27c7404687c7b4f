import { dampedSum, type HoltWintersFit } from './holt-winters';

/**
 * The previous forecaster's interval (see `forecast.ts` here), unchanged.
 * How wide the Holt-Winters prediction interval is h days ahead.
 *
 * The analytic variance of additive Holt-Winters (Hyndman et al., class 1 models):
 *   σ²_h = σ² · (1 + Σ_{j<h} c_j²),  c_j = α(1 + β·φ_j) + γ(1−α)·[j mod period = 0]
 * assumes the model is right and its errors independent. Real usage is neither (a compaction
 * sawtooth makes errors run in streaks), so the analytic spread is scaled by how far the fit's own
 * in-sample h-step errors exceed it, never shrunk below it.
 */
export function intervalSpread(fit: HoltWintersFit, values: ArrayLike<number>, horizon: number): Float64Array {
  const analytic = analyticVariance(fit, horizon);
  const scale = calibration(fit, values, analytic);
  const spread = new Float64Array(horizon + 1);
  for (let h = 1; h <= horizon; h++) spread[h] = fit.residualStd * scale * Math.sqrt(analytic[h]!);
  return spread;
}

/** Variance multiplier of the h-step error relative to the one-step error variance, h = 1..horizon. */
function analyticVariance(fit: HoltWintersFit, horizon: number): Float64Array {
  const { alpha, beta, gamma, phi } = fit.params;
  const variance = new Float64Array(horizon + 1);
  let sum = 1;
  variance[1] = 1;
  for (let h = 2; h <= horizon; h++) {
    const j = h - 1;
    const c = alpha * (1 + beta * dampedSum(phi, j)) + (j % fit.period === 0 ? gamma * (1 - alpha) : 0);
    sum += c * c;
    variance[h] = sum;
  }
  return variance;
}

/**
 * √(mean over h of observed h-step MSE / analytic h-step variance), for h up to a third of the
 * history, from every origin after the first two weeks; at least 1.
 */
function calibration(fit: HoltWintersFit, values: ArrayLike<number>, analytic: Float64Array): number {
  const n = values.length;
  const maxH = Math.min(analytic.length - 1, Math.floor(n / 3));
  const sigma2 = fit.residualStd ** 2;
  if (maxH < 1 || sigma2 === 0) return 1;
  const { level, trend, season } = fit.history;
  const { period } = fit;
  const { phi } = fit.params;
  let ratioSum = 0;
  let ratios = 0;
  for (let h = 1; h <= maxH; h++) {
    let squared = 0;
    let count = 0;
    for (let origin = 2 * period; origin + h < n; origin++) {
      const actual = values[origin + h]!;
      if (Number.isNaN(actual)) continue;
      // The season for time origin+h as it stood at the origin: its last update at or before it.
      const lastOfPhase = origin - ((period - (h % period)) % period);
      const predicted = level[origin]! + dampedSum(phi, h) * trend[origin]! + season[lastOfPhase]!;
      squared += (actual - predicted) ** 2;
      count++;
    }
    if (count >= 5) {
      ratioSum += squared / count / (sigma2 * analytic[h]!);
      ratios++;
    }
  }
  return ratios === 0 ? 1 : Math.max(1, Math.sqrt(ratioSum / ratios));
}
