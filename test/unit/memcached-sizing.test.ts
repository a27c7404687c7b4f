import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memcachedCatalog, memcachedDurability } from '../../services/engines/memcached/catalog';
import { memcachedSimulatedProfile } from '../../services/engines/memcached/simulated-profile';
import { memcachedSizing, memoryLimitMb, planMemcachedSpec, zonesPerRegion } from '../../services/engines/memcached/sizing';
import type { InstanceType } from '../../services/core/regions';

const regionsFile = JSON.parse(readFileSync(new URL('../../config/regions.json', import.meta.url), 'utf8')) as {
  instanceTypes: Record<string, Omit<InstanceType, 'name'>>;
};
const instanceTypes: InstanceType[] = Object.entries(regionsFile.instanceTypes).map(([name, t]) => ({ name, ...t }));
const memoryOf = (name: string): number => instanceTypes.find((t) => t.name === name)!.memoryGb;
const plan = (expectedDataGb: number, environment: 'test' | 'prod' = 'prod') =>
  planMemcachedSpec({ expectedDataGb, regionCount: 1, environment, availableVersions: null }, instanceTypes);

describe('memcached sizing', () => {
  it.each([0.5, 5, 40, 300, 2_000])('%d GB: one full copy per zone, each zone within 70 per cent of its nodes memory', (dataGb) => {
    const spec = plan(dataGb);
    const memoryGb = memoryOf(spec.instanceType);
    const nodesPerZone = spec.nodesPerRegion / zonesPerRegion;
    expect(Number.isInteger(nodesPerZone)).toBe(true);
    expect(spec.replicationFactor).toBe(zonesPerRegion);
    // One zone's nodes hold a whole copy, so a zone's share of the 70% limit must fit all the data.
    expect(nodesPerZone * memoryGb * 0.7).toBeGreaterThanOrEqual(dataGb);
    expect(spec.usableCapacityGb).toBeGreaterThanOrEqual(dataGb);
    expect(spec.usableCapacityGb).toBeLessThanOrEqual(nodesPerZone * memoryGb * 0.7);
    // The item memory (-m) each node gets is exactly that limit.
    expect(spec.settings.memory_limit_mb).toBe(Math.floor(memoryGb * 0.7 * 1024));
    expect(Number(spec.settings.memory_limit_mb) * nodesPerZone).toBeGreaterThanOrEqual(dataGb * 1024 - 1);
  });

  it('grows by whole steps of one node per zone, and starts at one per zone', () => {
    expect(plan(0.1).nodesPerRegion).toBe(3);
    expect(plan(0.1, 'test').nodesPerRegion).toBe(3);
    const big = plan(500);
    expect(big.nodesPerRegion % 3).toBe(0);
    expect(big.nodesPerRegion).toBeGreaterThan(3);
  });

  it('is deterministic and refuses what 96 nodes per region cannot hold (32 per zone × 128 GB × 70%), naming the largest size', () => {
    expect(plan(40)).toEqual(plan(40));
    expect(() => plan(1_000_000)).toThrow(/exceeds the 2,867 GB a memcached cluster can hold per region/);
  });

  it('settings: threads per vCPU, evictions on (a cache), a connection limit', () => {
    const spec = plan(5);
    const vcpu = instanceTypes.find((t) => t.name === spec.instanceType)!.vcpu;
    expect(spec.settings).toMatchObject({ threads: vcpu, evictions: true, item_size_max_mb: 1 });
    expect(spec.settings.max_connections).toBeGreaterThanOrEqual(4096);
    expect(memoryLimitMb(16)).toBe(11468);
  });

  it('catalog: the local 1.6.18 and a recommended 1.6, upgrades within 1.6; nothing durable to back up', () => {
    const versions = memcachedCatalog.versions.map((v) => v.version);
    expect(versions).toContain('1.6.18');
    expect(memcachedCatalog.recommended).toBe('1.6.29');
    expect(memcachedCatalog.upgradePaths('1.6.18')).toEqual(['1.6.21', '1.6.23', '1.6.29']);
    expect(memcachedCatalog.upgradePaths('1.6.29')).toEqual([]);
    expect(memcachedDurability).toEqual({ persistence: 'none', backup: 'none', restartKeepsData: false });
    expect(plan(1).version).toBe('1.6.29');
    expect(
      planMemcachedSpec({ expectedDataGb: 1, regionCount: 1, environment: 'test', availableVersions: ['1.6.18'] }, instanceTypes).version,
    ).toBe('1.6.18');
  });

  it('simulated profile: memory holds the data, nothing reaches disk, members report no peers', () => {
    expect(memcachedSizing).toMatchObject({ resource: 'memoryGb', placement: 'partitioned', copiesPerRegion: 3 });
    expect(memcachedSimulatedProfile).toMatchObject({ diskPerHeldGb: 0, defaultPort: 11211, membersGossip: false, knownRegressions: {} });
    expect(memcachedSimulatedProfile.p99BaselineMs.max).toBeLessThan(1.5);
  });
});
