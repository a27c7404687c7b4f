import { describe, expect, it } from 'vitest';
import { versionLatencyFactor } from '../../services/providers/simulated/metrics';
import { testEngines } from '../helpers/engines';

const engines = testEngines.all();

describe('versions with a known p99 regression', () => {
  it('exist for Cassandra and Redis, documented in the catalog and slowed in the simulator, and nowhere else', () => {
    const documented = engines.flatMap((engine) =>
      engine.catalog.versions.filter((v) => /known p99 regression/i.test(v.notes ?? '')).map((v) => `${engine.name} ${v.version}`),
    );
    const simulated = engines.flatMap((engine) => Object.keys(engine.simulated.knownRegressions).map((v) => `${engine.name} ${v}`));
    expect(documented.sort()).toEqual(simulated.sort());
    expect(simulated).toEqual(expect.arrayContaining([expect.stringMatching(/^cassandra /), expect.stringMatching(/^redis /)]));
  });

  it('are one upgrade step from the recommended version, and 1.8× slower than it for any seed', () => {
    for (const { name, catalog, simulated } of engines) {
      for (const [version, { baseline, p99Factor }] of Object.entries(simulated.knownRegressions)) {
        expect(baseline).toBe(catalog.recommended);
        expect(catalog.upgradePaths(catalog.recommended)).toContain(version);
        expect(catalog.recommended).not.toBe(version);
        for (const seed of [1, 42, 1234]) {
          const factor = (v: string) => versionLatencyFactor(seed, name, v, simulated.knownRegressions);
          const ratio = factor(version) / factor(baseline);
          expect(ratio).toBeCloseTo(p99Factor, 10);
          expect(ratio).toBeGreaterThanOrEqual(1.8);
        }
      }
    }
  });

  it('leaves other versions within the ordinary ±20% spread', () => {
    const { knownRegressions } = testEngines.get('cassandra').simulated;
    for (const version of ['4.1.5', '4.1.6', '5.0.2']) {
      const factor = versionLatencyFactor(42, 'cassandra', version, knownRegressions);
      expect(factor).toBeGreaterThanOrEqual(0.8);
      expect(factor).toBeLessThan(1.2);
    }
  });
});
