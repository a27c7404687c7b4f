/**
 * Nelder-Mead simplex minimisation (the method scipy's `minimize` uses when statsmodels fits
 * exponential smoothing without gradients): reflection 1, expansion 2, contraction ½, shrink ½.
 */
export interface NelderMeadOptions {
  /** Initial simplex step per coordinate. */
  step?: number;
  maxIterations?: number;
  /** Stops when the simplex's values differ by less than this. */
  tolerance?: number;
}

export function nelderMead(f: (x: number[]) => number, start: number[], options: NelderMeadOptions = {}): { x: number[]; value: number } {
  const step = options.step ?? 0.5;
  const maxIterations = options.maxIterations ?? 400;
  const tolerance = options.tolerance ?? 1e-10;
  const dims = start.length;
  let simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + step : v)))].map((x) => ({ x, value: f(x) }));
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    simplex.sort((a, b) => a.value - b.value);
    const best = simplex[0]!;
    const worst = simplex[dims]!;
    if (Math.abs(worst.value - best.value) <= tolerance * (1 + Math.abs(best.value))) break;
    const centroid = new Array<number>(dims).fill(0);
    for (let i = 0; i < dims; i++) for (let j = 0; j < dims; j++) centroid[j]! += simplex[i]!.x[j]! / dims;
    const toward = (t: number) => centroid.map((c, j) => c + t * (worst.x[j]! - c));
    const reflected = toward(-1);
    const reflectedValue = f(reflected);
    if (reflectedValue < best.value) {
      const expanded = toward(-2);
      const expandedValue = f(expanded);
      simplex[dims] = expandedValue < reflectedValue ? { x: expanded, value: expandedValue } : { x: reflected, value: reflectedValue };
    } else if (reflectedValue < simplex[dims - 1]!.value) {
      simplex[dims] = { x: reflected, value: reflectedValue };
    } else {
      const contracted = reflectedValue < worst.value ? toward(-0.5) : toward(0.5);
      const contractedValue = f(contracted);
      if (contractedValue < Math.min(reflectedValue, worst.value)) simplex[dims] = { x: contracted, value: contractedValue };
      else
        simplex = simplex.map((p, i) =>
          i === 0 ? p : (({ x }) => ({ x, value: f(x) }))({ x: p.x.map((v, j) => best.x[j]! + 0.5 * (v - best.x[j]!)) }),
        );
    }
  }
  simplex.sort((a, b) => a.value - b.value);
  return simplex[0]!;
}
