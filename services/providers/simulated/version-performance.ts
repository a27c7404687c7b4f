import { between } from './randomness';

/**
 * Versions the simulator makes markedly slower than the version they upgrade from, the same way in
 * every run, so an upgrade's before-and-after benchmarks fail the gate and roll back. Each is listed
 * in its engine's catalog with "known p99 regression" in its notes (a unit test keeps both in step).
 */
export const knownRegressions: Readonly<Record<string, Readonly<Record<string, { baseline: string; p99Factor: number }>>>> = {
  cassandra: { '4.1.7': { baseline: '4.1.6', p99Factor: 1.8 } },
  redis: { '7.2.7': { baseline: '7.2.6', p99Factor: 1.8 } },
};

/**
 * Some versions of an engine are faster than others, the same way in every run: the factor comes
 * from the seed, engine and version (0.8–1.2), so an upgrade's before-and-after benchmark shows a
 * difference. A known regression is exactly p99Factor times its baseline version's factor.
 */
export function versionLatencyFactor(seed: number, engine: string, version: string): number {
  const regression = knownRegressions[engine]?.[version];
  const factor = (v: string) => between(seed, 0.8, 1.2, engine, v, 'perf');
  return regression ? regression.p99Factor * factor(regression.baseline) : factor(version);
}
