import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Environments } from '../../services/core/types';
import type { EngineAdapter, SizingInput } from '../../services/engines/engine';
import { createEngineRegistry } from '../../services/engines/registry';
import { compareVersions } from '../../services/engines/versions';
import { InputError } from '../../services/core/errors';
import { loadRegions, type InstanceType } from '../../services/core/regions';

/**
 * The EngineAdapter contract (services/core/engine-port.ts), checked for every adapter the registry
 * has, so a new engine is covered without an edit here. The per-engine expectations come from the
 * adapter's own sizing profile (its README table states them for people); what the contract adds is
 * that the plans keep to that profile, whatever it says, and that the profile leaves headroom.
 */
interface FillRule {
  resource: 'diskGb' | 'memoryGb';
  fillLimit: number;
  minNodes: (environment: 'test' | 'prod', gb: number) => number;
  /** Copies of each datum in a region; for replicated engines every node is a copy. */
  copies: (nodesPerRegion: number) => number;
}
const ruleOf = ({ sizing }: EngineAdapter): FillRule => ({
  resource: sizing.resource,
  fillLimit: sizing.fillLimit,
  minNodes: (environment, gb) => sizing.minNodesPerRegion(environment, gb),
  copies: (n) => (sizing.placement === 'replicated' ? n : sizing.copiesPerRegion),
});

const instanceTypes: InstanceType[] = [...loadRegions(resolve('config/regions.json')).instanceTypes.values()];
const instanceByName = new Map(instanceTypes.map((t) => [t.name, t]));
const sizesGb = [0.01, 0.5, 1, 1.5, 7, 12.3, 40, 60, 85, 100, 333, 750, 1_000, 2_000, 4_000, 9_999, 25_000, 40_000, 60_000];

function input(overrides: Partial<SizingInput> = {}): SizingInput {
  return { expectedDataGb: 50, regionCount: 1, environment: 'prod', availableVersions: null, ...overrides };
}

/** The largest size an engine names in its "too big" error; every size up to it must plan. */
function largestPlannableGb(engine: EngineAdapter): number {
  try {
    engine.planSpec(input({ expectedDataGb: 1e12 }), instanceTypes);
  } catch (error) {
    const match = /the ([\d,]+) GB/.exec(error instanceof Error ? error.message : '');
    if (match?.[1]) return Number(match[1].replaceAll(',', ''));
  }
  throw new Error(`${engine.name} did not name its largest size`);
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const engines = createEngineRegistry({ probeTimeoutMs: 2_000 }).all();

describe.each(engines.map((engine) => [engine.name, engine] as const))('EngineAdapter contract: %s', (name, engine) => {
  const rule = ruleOf(engine);

  it('has a sizing profile of its own that leaves the engine headroom', () => {
    expect(engine.sizing.engine).toBe(name);
    expect(engine.sizing.fillLimit).toBeGreaterThan(0);
    expect(engine.sizing.fillLimit).toBeLessThanOrEqual(0.7);
  });
  const largest = largestPlannableGb(engine);
  const plannable = [...sizesGb.filter((gb) => gb <= largest), largest];

  it('plans capacity that covers the data while keeping every node within the fill limit', () => {
    for (const environment of Environments) {
      for (const regionCount of [1, 3]) {
        for (const expectedDataGb of plannable) {
          const spec = engine.planSpec(input({ expectedDataGb, regionCount, environment }), instanceTypes);
          const instance = instanceByName.get(spec.instanceType);
          const where = `${expectedDataGb} GB, ${environment}, ${regionCount} region(s) → ${spec.nodesPerRegion} × ${spec.instanceType}`;
          expect(instance, where).toBeDefined();
          expect(spec.usableCapacityGb * regionCount, where).toBeGreaterThanOrEqual(expectedDataGb);
          expect(spec.replicationFactor, where).toBe(rule.copies(spec.nodesPerRegion));
          const dataPerNodeGb = (expectedDataGb * spec.replicationFactor) / spec.nodesPerRegion;
          expect(dataPerNodeGb, where).toBeLessThanOrEqual(instance![rule.resource] * rule.fillLimit + 1e-9);
          expect(spec.nodesPerRegion, where).toBeGreaterThanOrEqual(rule.minNodes(environment, expectedDataGb));
          expect(engine.catalog.versions.map((v) => v.version)).toContain(spec.version);
        }
      }
    }
  });

  it('is deterministic and does not touch its inputs', () => {
    const request = input({ expectedDataGb: Math.min(321, largest / 2), environment: 'test' });
    const typesBefore = JSON.stringify(instanceTypes);
    const first = engine.planSpec(request, instanceTypes);
    const second = engine.planSpec({ ...request }, [...instanceTypes].reverse());
    expect(second).toEqual(first);
    expect(JSON.stringify(instanceTypes)).toBe(typesBefore);
  });

  it('chooses the cheapest instance among those that fit', () => {
    const spec = engine.planSpec(input({ expectedDataGb: 40 }), instanceTypes);
    const cost = instanceByName.get(spec.instanceType)!.hourlyUsd * spec.nodesPerRegion;
    const withOnlyBiggerTypes = instanceTypes.filter((t) => t.hourlyUsd > instanceByName.get(spec.instanceType)!.hourlyUsd);
    const alternative = engine.planSpec(input({ expectedDataGb: 40 }), withOnlyBiggerTypes);
    expect(instanceByName.get(alternative.instanceType)!.hourlyUsd * alternative.nodesPerRegion).toBeGreaterThanOrEqual(cost);
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY, 1e9])(
    'rejects an absurd size (%s GB) with an InputError a person can act on',
    (gb) => {
      expect(() => engine.planSpec(input({ expectedDataGb: gb }), instanceTypes)).toThrow(InputError);
      expect(() => engine.planSpec(input({ expectedDataGb: gb }), instanceTypes)).toThrow(/expectedDataGb/);
    },
  );

  it('names the largest size it can hold, and just above it throws', () => {
    expect(largest).toBeGreaterThan(0);
    expect(() => engine.planSpec(input({ expectedDataGb: largest + 1 }), instanceTypes)).toThrow(InputError);
  });

  it('rejects a region count that is not a positive whole number', () => {
    for (const regionCount of [0, -1, 1.5]) {
      expect(() => engine.planSpec(input({ regionCount }), instanceTypes)).toThrow(InputError);
    }
  });

  it('rejects a version outside the catalog, listing the valid ones', () => {
    const attempt = () => engine.planSpec(input({ version: '0.0.1' }), instanceTypes);
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow(engine.catalog.recommended);
  });

  it('honours the versions the region can run', () => {
    const versions = engine.catalog.versions.map((v) => v.version);
    const notRecommended = versions.filter((v) => v !== engine.catalog.recommended);
    const oldest = notRecommended[0]!;
    expect(engine.planSpec(input(), instanceTypes).version).toBe(engine.catalog.recommended);
    expect(engine.planSpec(input({ version: oldest }), instanceTypes).version).toBe(oldest);
    expect(engine.planSpec(input({ availableVersions: notRecommended }), instanceTypes).version).toBe(notRecommended.at(-1));
    expect(engine.planSpec(input({ availableVersions: ['99.0-local'] }), instanceTypes).version).toBe('99.0-local');
    expect(() => engine.planSpec(input({ version: oldest, availableVersions: [engine.catalog.recommended] }), instanceTypes)).toThrow(
      InputError,
    );
    expect(() => engine.planSpec(input({ availableVersions: [] }), instanceTypes)).toThrow(InputError);
  });

  it('gives exactly n roles', () => {
    for (const n of [0, 1, 2, 3, 7]) {
      const roles = engine.roles(n);
      expect(roles).toHaveLength(n);
      if (name === 'redis' || name === 'postgres') {
        expect(roles.filter((r) => r === 'primary')).toHaveLength(n > 0 ? 1 : 0);
        expect(roles[0] ?? 'primary').toBe('primary');
      } else {
        expect(new Set(roles)).toEqual(new Set(n > 0 ? ['member'] : []));
      }
    }
  });

  it('has a catalog whose recommended version exists and whose upgrade paths only go forward', () => {
    const versions = engine.catalog.versions.map((v) => v.version);
    expect(versions).toContain(engine.catalog.recommended);
    for (const entry of engine.catalog.versions) {
      expect(Number.isNaN(Date.parse(entry.releasedAt)), entry.version).toBe(false);
      for (const target of engine.catalog.upgradePaths(entry.version)) {
        expect(versions).toContain(target);
        expect(compareVersions(target, entry.version), `${entry.version} → ${target}`).toBeGreaterThan(0);
      }
    }
    const oldest = versions[0]!;
    expect(engine.catalog.upgradePaths(oldest).length, `${oldest} has a way forward`).toBeGreaterThan(0);
    // A node still on a patch the catalog has dropped must be able to reach the catalog.
    const segments = oldest.split('.').map(Number);
    segments[segments.length - 1] = Math.max(0, (segments.at(-1) ?? 1) - 1);
    const retired = segments.join('.');
    expect(engine.catalog.upgradePaths(retired), `${retired} has a way forward`).toContain(oldest);
  });

  it('probes an unreachable node as down, quickly, without throwing and without the password', async () => {
    const port = await closedPort();
    const password = 'contract-secret-do-not-echo';
    const started = Date.now();
    const result = await engine.probe(
      { name: `${name}-0`, host: '127.0.0.1', port, role: 'primary' },
      { username: engine.adminUsername, password },
    );
    expect(Date.now() - started).toBeLessThan(30_000); // bounded by the probe's own timeout, not a driver's minutes of retries, with room for a busy machine
    expect(result.up).toBe(false);
    expect(result.error).toEqual(expect.any(String));
    expect(JSON.stringify(result)).not.toContain(password);
  });

  it('describes how to connect without a password', () => {
    const nodes = engine.roles(3).map((role, i) => ({ name: `n${i}`, host: `10.0.0.${i + 1}`, port: engine.defaultPort, role }));
    const hint = engine.connectionHint(nodes);
    expect(hint).toContain(`10.0.0.1:${engine.defaultPort}`);
    expect(hint).not.toMatch(/:[^@/]*@/);
  });

  it('builds a client connection with the password masked, or with it when given', () => {
    const nodes = engine.roles(3).map((role, i) => ({ name: `n${i}`, host: `10.0.0.${i + 1}`, port: engine.defaultPort, role }));
    const password = 'p@ss word/é';
    const masked = engine.connection(nodes, { username: engine.adminUsername, password: null });
    expect(masked.uri).toContain(`10.0.0.1:${engine.defaultPort}`);
    expect(masked.port).toBe(engine.defaultPort);
    expect(masked.command).toContain('10.0.0.1');
    expect(['disabled', 'required']).toContain(masked.tlsMode);
    const shown = engine.connection(nodes, { username: engine.adminUsername, password });
    if (masked.username === null) {
      // No login (memcached): nothing to mask, nothing to reveal.
      expect(shown).toEqual(masked);
      return;
    }
    expect(masked.username).toBe(engine.adminUsername);
    expect(`${masked.uri} ${masked.command}`).toContain('********');
    expect(shown.uri).toContain(encodeURIComponent(password));
    expect(shown.uri).not.toContain('********');
    expect(new URL(shown.uri.replace(/,.*?(?=\/|\?|$)/, '')).password).toBe(encodeURIComponent(password));
    // As typed for the client (redis-cli, cqlsh, curl), or inside the URI it is given (psql).
    expect([password, encodeURIComponent(password)].some((p) => shown.command.includes(p))).toBe(true);
  });
});
