import { InputError } from '../core/errors';
import type { EngineAdapter, EngineRegistry } from '../core/engine-port';
import { createCassandraEngine } from './cassandra';
import { createElasticsearchEngine } from './elasticsearch';
import { createMemcachedEngine } from './memcached';
import type { EngineTimeouts } from './probing';
import { createPostgresEngine } from './postgres';
import { createRedisEngine } from './redis';

export type { EngineRegistry } from '../core/engine-port';

export interface EngineRegistryOptions extends EngineTimeouts {
  cassandraLocalDataCenter?: string;
}

/**
 * Every engine the platform offers, built once per process by the composition root and handed to
 * whoever needs them. This list is the only place an engine is named: adding one is one line here.
 */
export function createEngineRegistry(options: EngineRegistryOptions = {}): EngineRegistry {
  const { cassandraLocalDataCenter, ...timeouts } = options;
  const adapters: EngineAdapter[] = [
    createCassandraEngine({ ...timeouts, ...(cassandraLocalDataCenter ? { localDataCenter: cassandraLocalDataCenter } : {}) }),
    createElasticsearchEngine(timeouts),
    createRedisEngine(timeouts),
    createPostgresEngine(timeouts),
    createMemcachedEngine(timeouts),
  ];
  const byName = new Map(adapters.map((adapter) => [adapter.name, adapter]));
  const names = adapters.map((adapter) => adapter.name);
  return {
    get(name) {
      // Names arrive from requests, the database and queue payloads: an unknown one is refused with the list.
      const adapter = byName.get(name);
      if (!adapter)
        throw new InputError(`unknown engine ${JSON.stringify(name)}; the engines are ${names.join(', ')}`, {
          engine: name,
          engines: names,
        });
      return adapter;
    },
    all: () => [...adapters],
    names: () => [...names],
    isEngine: (name) => byName.has(name),
  };
}
