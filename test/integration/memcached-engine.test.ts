import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Credentials, EngineAdapter, NodeEndpoint } from '../../services/engines/engine';
import { createMemcachedEngine } from '../../services/engines/memcached';
import { MemcachedRecipe } from '../../services/engines/memcached/local-recipe';
import { MemcachedDriver } from '../../services/engines/memcached/workload-driver';
import { freePort } from '../../services/infra/embedded/probe';
import type { LocalRecipe, RealDriver } from '../../services/core/engine-port';
import { validateWorkload } from '../../services/workload/definition';
import { seededRandom } from '../../services/core/random';
import { runReal } from '../../services/workload/real-run';
import { Tally } from '../../services/workload/tally';
import { startPrivateMemcached, type PrivateMemcached } from '../helpers/private-memcached';

/** Real memcached processes (Debian's, started by the engine's own recipe), real memjs. */
const engine: EngineAdapter = createMemcachedEngine({ probeTimeoutMs: 2_000 });
// memcached has no authentication here: whatever is passed must be ignored, and never echoed.
const credentials: Credentials = { username: 'datafleet', password: 'not-used-by-memcached' };
const servers: PrivateMemcached[] = [];
const nodes: NodeEndpoint[] = [];

const recipeShape: LocalRecipe = new MemcachedRecipe();
const driverShape: RealDriver = new MemcachedDriver([], 1_000);

/** The runner's closed loop over one driver, with the prefill under the test's control. */
async function runDriver(driver: RealDriver, workload: Record<string, unknown>, prefill: boolean): Promise<Tally> {
  const definition = validateWorkload({
    name: 'memcached-smoke',
    payloadBytes: 100,
    distribution: 'uniform',
    warmupSeconds: 0,
    ...workload,
  });
  const tally = new Tally(seededRandom(7), 100);
  try {
    await driver.open(definition.concurrency);
    if (prefill) await driver.prefill?.(definition.keySpace, 'x'.repeat(definition.payloadBytes));
  } catch (error) {
    tally.failure(error);
  }
  try {
    await runReal(driver, definition, tally, { seed: 7, errorBackoffMs: 5, timeoutMs: 2_000 });
  } finally {
    await driver.close();
  }
  return tally;
}

beforeAll(async () => {
  for (const name of ['mc-a', 'mc-b']) {
    const server = await startPrivateMemcached({ memory_limit_mb: 32 });
    servers.push(server);
    nodes.push({ name, host: '127.0.0.1', port: server.port, role: 'member' });
  }
});

afterAll(() => {
  for (const server of servers) server.remove();
});

describe('memcached engine against real memcached', () => {
  it('probes a running node with stats: up, its version and the facts health reads', async () => {
    const installed = recipeShape.installedVersion();
    expect(installed).toMatch(/^1\.6\.\d+$/);
    const result = await engine.probe(nodes[0]!, credentials);
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ up: true, role: 'member', version: installed, peers: [] });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    for (const field of ['curr_items', 'bytes', 'limit_maxbytes', 'curr_connections', 'uptime', 'get_hits', 'get_misses']) {
      expect(typeof result.details[field], field).toBe('number');
    }
    // -m 32 from the node's settings, as the recipe passed it.
    expect(result.details.limit_maxbytes).toBe(32 * 1024 * 1024);
    expect(result.details.maxmemory).toBe(result.details.limit_maxbytes);
    expect(result.details.connections).toBe(result.details.curr_connections);
    expect(JSON.stringify(result)).not.toContain(credentials.password);
  });

  it('probes a closed port without throwing: up false with the reason', async () => {
    const closed: NodeEndpoint = { name: 'mc-gone', host: '127.0.0.1', port: await freePort(), role: 'member' };
    const result = await engine.probe(closed, credentials);
    expect(result.up).toBe(false);
    expect(result.error).toMatch(/ECONNREFUSED/);
  });

  it('forms nothing and reports every node as an equal member', async () => {
    await expect(engine.formCluster(nodes, credentials)).resolves.toBeUndefined();
    expect(engine.roles(3)).toEqual(['member', 'member', 'member']);
    expect(engine.connectionHint(nodes)).toBe(nodes.map((n) => `127.0.0.1:${n.port}`).join(','));
  });

  it('runs a few hundred get/set operations with memjs, keys spread over both nodes', async () => {
    const tally = await runDriver(
      new MemcachedDriver(nodes, 2_000),
      { readRatio: 0.5, keySpace: 200, concurrency: 2, durationSeconds: 1, rateLimitPerSecond: 400 },
      true,
    );
    expect([...tally.errorMessages]).toEqual([]);
    expect(tally.errors).toBe(0);
    expect(tally.total.count).toBeGreaterThanOrEqual(200);
    expect(tally.byOperation.read.count).toBeGreaterThan(0);
    expect(tally.byOperation.write.count).toBeGreaterThan(0);
    // The prefill reached both nodes (memjs hashes keys over them), so every read found its key.
    const [a, b] = await Promise.all(nodes.map((n) => engine.probe(n, credentials)));
    expect(a!.details.curr_items).toBeGreaterThan(0);
    expect(b!.details.curr_items).toBeGreaterThan(0);
    expect(Number(a!.details.curr_items) + Number(b!.details.curr_items)).toBe(200);
    expect(Number(a!.details.get_misses) + Number(b!.details.get_misses)).toBe(0);
  });

  it('counts operations against a dead node as errors instead of failing the run', async () => {
    const gone = { host: '127.0.0.1', port: await freePort() };
    const tally = await runDriver(
      new MemcachedDriver([gone], 500),
      { readRatio: 0.5, keySpace: 10, concurrency: 1, durationSeconds: 0.3 },
      false,
    );
    expect(tally.total.count).toBe(0);
    expect(tally.errors).toBeGreaterThan(0);
    expect([...tally.errorMessages].join(' ')).toMatch(/ECONNREFUSED/);
    expect(driverShape.kind).toBe('real');
  });

  it('local recipe: refuses provider-managed and unknown settings and other versions', () => {
    expect(recipeShape.settingsProblem({ memory_limit_mb: 64, max_connections: 512, threads: 2, evictions: false })).toBeNull();
    expect(recipeShape.settingsProblem({ port: 1 })).toMatch(/managed by the provider/);
    expect(recipeShape.settingsProblem({ maxmemory: 1 })).toMatch(/not a memcached setting/);
    expect(recipeShape.settingsProblem({ memory_limit_mb: 0 })).toMatch(/whole number/);
    const installed = recipeShape.installedVersion()!;
    expect(recipeShape.versionChangeProblem(installed, installed)).toBeNull();
    expect(recipeShape.versionChangeProblem(installed, '1.6.29')).toMatch(/only memcached/);
  });
});
