import type { EngineRegistry } from '../core/engine-port';
import type { WorkloadDriver } from './driver';
import { SimulatedDriver } from './simulated-driver';
import type { WorkloadTarget } from './target';

/** The driver for a target: the simulated one for simulated nodes, else the engine adapter's real client. */
export function driverFor(
  target: WorkloadTarget,
  options: { timeoutMs: number; seed?: number; driftSeed?: number; engines?: Pick<EngineRegistry, 'get'> },
): WorkloadDriver {
  if (target.kind === 'simulated')
    return new SimulatedDriver(target.nodes, target.timeScale, options.driftSeed ?? options.seed ?? 0, target.readsFrom, {
      sigma: target.runDrift ?? 0,
      seed: options.seed ?? 0,
    });
  if (!options.engines)
    throw new Error(`a workload on real ${target.engine} nodes needs the engine registry (RunOptions.engines) or a driver`);
  const { nodes, credentials, localDataCenter, database, readsFrom } = target;
  return options.engines.get(target.engine).workloadDriver({
    nodes,
    credentials,
    timeoutMs: options.timeoutMs,
    ...(localDataCenter ? { localDataCenter } : {}),
    ...(database ? { database } : {}),
    ...(readsFrom === undefined ? {} : { readsFrom }),
  });
}
