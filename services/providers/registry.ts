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
  const byKind: Record<string, Provider> = {
    local: new LocalProvider({
      dataRoot: join(config.dataDir, 'local-nodes'),
      backupRoot: config.backupDir,
      clock,
      engines,
      managersOff: config.localPostgresFailover === 'patroni' ? [] : ['patroni'],
    }),
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
  // The regions file names providers by kind; this list is the only place a kind is known.
  const bound = new Map<string, Provider>();
  for (const region of regions.regions.values()) {
    const provider = byKind[region.provider];
    if (!provider)
      throw new Error(`region ${region.name} names provider "${region.provider}"; the providers are ${Object.keys(byKind).join(', ')}`);
    bound.set(region.name, provider);
  }
  return {
    forRegion(region) {
      const provider = bound.get(region);
      if (!provider) throw new InputError(`unknown region ${region}`, { region });
      return provider;
    },
    /** The providers some region is bound to. */
    all: () => [...new Set(bound.values())],
    async closeAll() {
      await Promise.all(Object.values(byKind).map((p) => p.close()));
    },
  };
}
