import { between } from './randomness';

import type { SimulatedProfile } from '../../core/engine-port';

/**
 * Some versions of an engine are faster than others, the same way in every run: the factor comes
 * from the seed, engine and version (0.8–1.2), so an upgrade's before-and-after benchmark shows a
 * difference. A known regression (the engine's simulated profile lists them) is exactly p99Factor times its
 * baseline version's factor.
 */
export function versionLatencyFactor(
  seed: number,
  engine: string,
  version: string,
  knownRegressions: SimulatedProfile['knownRegressions'] = {},
): number {
  const regression = knownRegressions[version];
  const factor = (v: string) => between(seed, 0.8, 1.2, engine, v, 'perf');
  return regression ? regression.p99Factor * factor(regression.baseline) : factor(version);
}
