import { describe, expect, it } from 'vitest';
import { cassandraCatalog } from '../../services/engines/cassandra/catalog';
import { elasticsearchCatalog } from '../../services/engines/elasticsearch/catalog';
import { postgresCatalog } from '../../services/engines/postgres/catalog';
import { redisCatalog } from '../../services/engines/redis/catalog';
import { knownRegressions } from '../../services/providers/simulated/version-performance';
import { versionLatencyFactor } from '../../services/providers/simulated/metrics';

const catalogs = { cassandra: cassandraCatalog, elasticsearch: elasticsearchCatalog, redis: redisCatalog, postgres: postgresCatalog };

describe('versions with a known p99 regression', () => {
  it('exist for Cassandra and Redis, documented in the catalog and slowed in the simulator, and nowhere else', () => {
    const documented = Object.entries(catalogs).flatMap(([engine, catalog]) =>
      catalog.versions.filter((v) => /known p99 regression/i.test(v.notes ?? '')).map((v) => `${engine} ${v.version}`));
    const simulated = Object.entries(knownRegressions).flatMap(([engine, versions]) => Object.keys(versions).map((v) => `${engine} ${v}`));
    expect(documented.sort()).toEqual(simulated.sort());
    expect(simulated).toEqual(expect.arrayContaining([expect.stringMatching(/^cassandra /), expect.stringMatching(/^redis /)]));
  });

  it('are one upgrade step from the recommended version, and 1.8× slower than it for any seed', () => {
    for (const [engine, versions] of Object.entries(knownRegressions)) {
      const catalog = catalogs[engine as keyof typeof catalogs];
      for (const [version, { baseline, p99Factor }] of Object.entries(versions)) {
        expect(baseline).toBe(catalog.recommended);
        expect(catalog.upgradePaths(catalog.recommended)).toContain(version);
        expect(catalog.recommended).not.toBe(version);
        for (const seed of [1, 42, 1234]) {
          const ratio = versionLatencyFactor(seed, engine, version) / versionLatencyFactor(seed, engine, baseline);
          expect(ratio).toBeCloseTo(p99Factor, 10);
          expect(ratio).toBeGreaterThanOrEqual(1.8);
        }
      }
    }
  });

  it('leaves other versions within the ordinary ±20% spread', () => {
    for (const version of ['4.1.5', '4.1.6', '5.0.2']) {
      const factor = versionLatencyFactor(42, 'cassandra', version);
      expect(factor).toBeGreaterThanOrEqual(0.8);
      expect(factor).toBeLessThan(1.2);
    }
  });
});
