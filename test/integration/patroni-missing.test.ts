import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { NodeRequest } from '../../services/providers/provider';
import { LocalProvider } from '../../services/providers/local/local-provider';
import { PatroniStoreRecipe } from '../../services/engines/postgres/etcd-recipe';
import type { EngineRegistry, LocalRecipe } from '../../services/core/engine-port';
import { systemClock } from '../../services/core/clock';
import { testEngines } from '../helpers/engines';

/*
 * Patroni runs local PostgreSQL clusters where the control plane turns it on (a provider made
 * without `managersOff` has it on), but a machine may lack it or its store. There the provider leaves the nodes running as it made them and names the missing
 * program, which the cluster keeps as its failoverNote. The machine here has both; the recipe is
 * told to look for an etcd by a name no machine has.
 */
const MISSING = `etcd-missing-${randomUUID().slice(0, 8)}`;

function recipeWithoutEtcd(): LocalRecipe {
  const recipe = testEngines.get('postgres').localRecipe!();
  const store = new PatroniStoreRecipe(recipe.failoverManager!.nodeManager!, { patroni: 'patroni', etcd: MISSING });
  return Object.create(recipe, { failoverManager: { value: store } }) as LocalRecipe;
}

const engines: Pick<EngineRegistry, 'all'> = {
  all: () => testEngines.all().map((e) => (e.name === 'postgres' ? { ...e, localRecipe: recipeWithoutEtcd } : e)),
};
const tempDir = mkdtempSync(join(tmpdir(), 'datafleet-patroni-missing-'));
const dataRoot = join(tempDir, 'local-nodes');
const provider = new LocalProvider({ dataRoot, clock: systemClock, engines });

afterAll(async () => {
  for (const node of await provider.listNodes()) await provider.destroyNode(node.providerId);
  rmSync(tempDir, { recursive: true, force: true });
});

const request = (extra: Partial<NodeRequest> & Pick<NodeRequest, 'name' | 'clusterId' | 'password'>): NodeRequest => ({
  clusterName: 'no-store',
  engine: 'postgres',
  version: 'installed',
  instanceType: 'r5.large',
  region: 'local',
  zone: 'local-a',
  role: 'primary',
  settings: {},
  dataGb: 1,
  ...extra,
});

describe('local PostgreSQL where Patroni cannot run', () => {
  it('keeps the nodes as they were made, without an HA manager, and names the missing program', async () => {
    const clusterId = randomUUID();
    const password = `pw-${randomUUID()}`;
    const primary = await provider.createNode(request({ name: 'no-store-0', clusterId, password }));
    const replica = await provider.createNode(request({ name: 'no-store-1', clusterId, password, role: 'replica', primary }));
    const made = await provider.ensureFailoverManager({
      clusterId,
      clusterName: 'no-store',
      engine: 'postgres',
      primary: { host: primary.host, port: primary.port },
      password,
      zones: ['local-a'],
    });
    expect(made).toEqual({
      unavailable: `${MISSING} (Debian package etcd-server) not installed on this machine: the cluster runs without automatic failover`,
    });
    for (const node of [primary, replica]) {
      expect(existsSync(join(dataRoot, node.providerId, 'patroni.yml'))).toBe(false);
      expect((await provider.describeNode(node.providerId))?.state).toBe('running');
    }
    expect(provider.failoverManagedClusters()).toEqual([]);
  });
});
