import { incompleteBeta } from '../../services/upgrades/student-t';

/** The x in [0, 1] with I_x(a, b) = target (bisection; I is increasing in x). */
function inverseBeta(target: number, a: number, b: number): number {
  let low = 0;
  let high = 1;
  for (let i = 0; i < 200; i += 1) {
    const middle = (low + high) / 2;
    if (incompleteBeta(middle, a, b) < target) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/** Clopper–Pearson (exact) two-sided interval of a binomial proportion: k events in n trials. */
export function clopperPearson(k: number, n: number, level = 0.95): [number, number] {
  const tail = (1 - level) / 2;
  const lower = k === 0 ? 0 : inverseBeta(tail, k, n - k + 1);
  const upper = k === n ? 1 : inverseBeta(1 - tail, k + 1, n - k);
  return [lower, upper];
}

/** The one-sided 95% upper bound of a rate (what "false rollbacks < 1%" is held to). */
export const upperBound95 = (k: number, n: number): number => clopperPearson(k, n, 0.9)[1];
/** The one-sided 95% lower bound of a rate (what "detection ≥ 90%" is held to). */
export const lowerBound95 = (k: number, n: number): number => clopperPearson(k, n, 0.9)[0];
