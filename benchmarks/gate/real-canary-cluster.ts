import { newSecret } from '../../services/core/ids';
import type { EngineRegistry, RealDriverTarget, TargetNode } from '../../services/core/engine-port';
import { createEngineRegistry } from '../../services/engines/registry';
import { runWorkload } from '../../services/workload/runner';
import { standardWorkload } from '../../services/workload/standard';
import type { LocalBenchNodes } from '../runner/local-nodes';
import { delayedDriver } from './delayed-driver';
import { shareOneCore } from './shared-core';
import type { CanaryCluster } from './canary-trials';
import { canaryPairOf } from '../../services/operations/workflows/upgrade/canary-pair';
import type { ClusterNode } from '../../services/core/types';

const CANARY = 'real-1';

/** A registry whose Redis driver reading from the canary makes an extra round trip on `share` of its calls. */
function slowedAtCanary(engines: EngineRegistry, share: number, seed: number): Pick<EngineRegistry, 'get'> {
  return {
    get: (name) => {
      const engine = engines.get(name);
      return {
        ...engine,
        workloadDriver: (target: RealDriverTarget) => {
          const driver = engine.workloadDriver(target);
          return target.readsFrom === CANARY ? delayedDriver(driver, share, seed) : driver;
        },
      };
    },
  };
}

/**
 * Real redis-servers of the run's own (`count` of them, started by `nodes`, removed with them), a
 * primary and its replicas formed as Datafleet forms a local cluster (`formCluster`: REPLICAOF with
 * the shared password, until every link is up), the key space written once. The pair is the one the
 * upgrade workflow picks (`canaryPairOf`): the first replica beside the second, or, with two
 * servers, beside the primary. Each side of the pair reads through the product's Redis driver sent
 * to its one node (`readsFrom`), as the workflow's canary step reads a real cluster. With `core`,
 * the servers share that CPU core (shared-core.ts): on a busy two-core host, servers free to run on
 * either core do not meet the same contention, as nodes on hosts of their own would not share it
 * either; a shared core makes whatever takes it slow the pair alike. A changed canary `factor` times
 * slower reads through a driver that makes an extra round trip on `factor - 1` of its calls
 * (`delayed-driver.ts`; +10%: one call in ten).
 */
export async function realCanaryCluster(nodes: LocalBenchNodes, core: number | null, count: 2 | 3 = 3): Promise<CanaryCluster> {
  const password = newSecret(12);
  const servers = [];
  for (let i = 0; i < count; i += 1) servers.push(await nodes.start('redis', `bench-gate-canary-${i}`, password));
  const endpoints: TargetNode[] = servers.map((s, i) => ({
    name: `real-${i}`,
    host: s.host,
    port: s.port,
    role: i === 0 ? 'primary' : 'replica',
    version: s.version,
  }));
  const { pair } = canaryPairOf(
    endpoints.map((e) => ({ name: e.name, role: e.role, region: 'local' }) as ClusterNode),
    true,
  );
  if (pair?.canary !== CANARY) throw new Error(`the workflow would measure ${JSON.stringify(pair)}, not the canary ${CANARY}`);
  const pinning = core === null ? { note: 'not pinned to a core' } : await shareOneCore(servers, core);
  const credentials = { username: 'default', password };
  const engines = createEngineRegistry();
  await engines.get('redis').formCluster(endpoints, credentials);
  const target = { kind: 'real' as const, engine: 'redis' as const, nodes: endpoints, credentials };
  await runWorkload(
    target,
    { ...standardWorkload('read-heavy-80-20')!, durationSeconds: 0.5, warmupSeconds: 0 },
    { engines, prefill: true },
  );
  return {
    pair,
    describe:
      count === 3
        ? `real: three local redis-server ${servers[0]!.version} processes, a primary and two replicas (${pinning.note})`
        : `real: two local redis-server ${servers[0]!.version} processes, a primary and one replica, the primary the baseline (${pinning.note})`,
    sides: (trial, changed, factor) => ({
      targetOf: async (readsFrom) => ({ ...target, readsFrom }),
      engines: changed && factor > 1 ? slowedAtCanary(engines, factor - 1, trial + 1) : engines,
      simulatedDrift: false,
    }),
  };
}
