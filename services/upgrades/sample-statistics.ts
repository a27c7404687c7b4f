import { errorFunction, mean, quantile } from 'simple-statistics';
import { seededRandom } from '../core/random';

export { seededRandom };

/**
 * The two tests the upgrade gate needs, on raw latency samples. simple-statistics supplies the
 * quantiles, means and the error function; it has a rank-sum but no Mann-Whitney p-value with the
 * tie correction that latency samples (recorded at millisecond or microsecond resolution) need.
 */

const standardNormalCdf = (z: number): number => 0.5 * (1 + errorFunction(z / Math.SQRT2));

export interface MannWhitneyResult {
  /** U of the second sample: how often an `after` value exceeds a `before` value (ties count half). */
  uAfter: number;
  /** Standardised statistic; positive when `after` tends to be larger. */
  z: number;
  /** Two-sided p-value from the normal approximation with tie correction and continuity correction. */
  pTwoSided: number;
  /** One-sided p-value for "after tends to be larger than before". */
  pAfterGreater: number;
}

/**
 * Mann-Whitney U by the normal approximation, which is accurate for the sample sizes a benchmark
 * produces (tens of samples and up). Ties get average ranks and shrink the variance accordingly.
 */
export function mannWhitneyU(before: readonly number[], after: readonly number[]): MannWhitneyResult {
  const n1 = before.length;
  const n2 = after.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('Mann-Whitney U needs at least one sample on each side');
  const pooled = [...before.map((value) => ({ value, after: false })), ...after.map((value) => ({ value, after: true }))].sort(
    (a, b) => a.value - b.value,
  );
  const n = n1 + n2;
  let rankSumAfter = 0;
  let tieTerm = 0; // Σ (t³ − t) over groups of tied values
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && pooled[j + 1]!.value === pooled[i]!.value) j += 1;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k += 1) if (pooled[k]!.after) rankSumAfter += averageRank;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    i = j + 1;
  }
  const uAfter = rankSumAfter - (n2 * (n2 + 1)) / 2;
  const meanU = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1) || 1));
  if (variance <= 0) return { uAfter, z: 0, pTwoSided: 1, pAfterGreater: 1 }; // every value equal
  const sd = Math.sqrt(variance);
  const diff = uAfter - meanU;
  const z = diff / sd;
  const zTwoSided = Math.max(0, Math.abs(diff) - 0.5) / sd;
  return {
    uAfter,
    z,
    pTwoSided: Math.min(1, 2 * (1 - standardNormalCdf(zTwoSided))),
    pAfterGreater: 1 - standardNormalCdf((diff - 0.5) / sd),
  };
}

/**
 * Percentile bootstrap confidence interval of quantile(after) − quantile(before): each iteration
 * resamples both sides with replacement and takes the difference of their quantiles.
 */
export function bootstrapQuantileDifference(
  before: readonly number[],
  after: readonly number[],
  options: { p: number; level: number; iterations: number; seed: number },
): [number, number] {
  if (before.length === 0 || after.length === 0) throw new RangeError('the bootstrap needs at least one sample on each side');
  const random = seededRandom(options.seed);
  const resample = (values: readonly number[]) => {
    const out = new Array<number>(values.length);
    for (let i = 0; i < values.length; i += 1) out[i] = values[Math.floor(random() * values.length)]!;
    return out;
  };
  const differences = new Array<number>(options.iterations);
  for (let i = 0; i < options.iterations; i += 1)
    differences[i] = quantile(resample(after), options.p) - quantile(resample(before), options.p);
  const tail = (1 - options.level) / 2;
  return [quantile(differences, tail), quantile(differences, 1 - tail)];
}

export { mean, quantile };
