import { linearRegression, probit } from 'simple-statistics';

export interface LinearProjection {
  slope: number;
  residualStd: number;
  /** Central value, and half the interval width, `h` days after the last input value. */
  at(h: number): { value: number; spread: number };
}

/**
 * Least-squares line through the present values (x = day index), for short histories where
 * Holt-Winters has too little to learn a weekly season from. The interval is the regression's
 * prediction interval, which widens with the distance from the data's centre; the normal quantile is
 * widened toward Student's t for the few degrees of freedom (Cornish-Fisher first term).
 */
export function linearProjection(values: readonly number[], level: number): LinearProjection {
  const points: Array<[number, number]> = [];
  values.forEach((v, t) => {
    if (!Number.isNaN(v)) points.push([t, v]);
  });
  const { m, b } = linearRegression(points);
  const n = points.length;
  const meanX = points.reduce((s, [x]) => s + x, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - meanX) ** 2, 0);
  const sse = points.reduce((s, [x, y]) => s + (y - (b + m * x)) ** 2, 0);
  const degrees = Math.max(1, n - 2);
  const residualStd = Math.sqrt(sse / degrees);
  const z = probit((1 + level) / 2);
  const quantile = z + (z ** 3 + z) / (4 * degrees);
  const last = values.length - 1;
  return {
    slope: m,
    residualStd,
    at(h: number) {
      const x = last + h;
      const spread = quantile * residualStd * Math.sqrt(1 + 1 / n + (sxx > 0 ? (x - meanX) ** 2 / sxx : 0));
      return { value: b + m * x, spread };
    },
  };
}
