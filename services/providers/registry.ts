import { join } from 'node:path';
import type { Config } from '../core/config';
import type { RegionsConfig } from '../core/regions';
import type { Clock } from '../core/clock';
import type { Pool } from '../infra/db/pool';
import type { EngineRegistry } from '../core/engine-port';
import type { Provider } from './provider';
import { InputError } from '../core/errors';
import { LocalProvider } from './local/local-provider';
import { SimulatedProvider } from './simulated/simulated-provider';
import { ExternalProvider } from './external/external-provider';

export interface ProviderRegistry {
  /** The provider a region is bound to in the regions file. */
  forRegion(region: string): Provider;
  all(): Provider[];
  closeAll(): Promise<void>;
}

export function createProviders(deps: {
  config: Config;
  regions: RegionsConfig;
  pool: Pool;
  clock: Clock;
  engines: EngineRegistry;
}): ProviderRegistry {
  const { config, regions, pool, clock, engines } = deps;
  const byKind = {
    local: new LocalProvider({ dataRoot: join(config.dataDir, 'local-nodes'), clock, engines }),
    simulated: new SimulatedProvider({
      pool,
      clock,
      regions,
      engines,
      seed: config.simulatorSeed,
      timeScale: config.simulatorTimeScale,
    }),
    external: new ExternalProvider({ clock, regions }),
  };
  return {
    forRegion(region) {
      const entry = regions.regions.get(region);
      if (!entry) throw new InputError(`unknown region ${region}`, { region });
      return byKind[entry.provider];
    },
    /** The providers some region is bound to. */
    all: () => [...new Set([...regions.regions.values()].map((r) => byKind[r.provider]))],
    async closeAll() {
      await Promise.all(Object.values(byKind).map((p) => p.close()));
    },
  };
}
