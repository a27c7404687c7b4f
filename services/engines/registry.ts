import { EngineNames, type EngineName } from '../core/types';
import { NotFoundError } from '../core/errors';
import { createCassandraEngine } from './cassandra';
import type { EngineAdapter } from './engine';
import { createElasticsearchEngine } from './elasticsearch';
import type { EngineTimeouts } from './probing';
import { createPostgresEngine } from './postgres';
import { createRedisEngine } from './redis';

export interface EngineRegistry {
  get(name: EngineName): EngineAdapter;
  all(): EngineAdapter[];
  isEngine(name: string): name is EngineName;
}

export interface EngineRegistryOptions extends EngineTimeouts {
  cassandraLocalDataCenter?: string;
}

/** Every engine the platform offers, built once per process and handed to whoever needs them. */
export function createEngineRegistry(options: EngineRegistryOptions = {}): EngineRegistry {
  const { cassandraLocalDataCenter, ...timeouts } = options;
  const adapters: Record<EngineName, EngineAdapter> = {
    cassandra: createCassandraEngine({ ...timeouts, ...(cassandraLocalDataCenter ? { localDataCenter: cassandraLocalDataCenter } : {}) }),
    elasticsearch: createElasticsearchEngine(timeouts),
    redis: createRedisEngine(timeouts),
    postgres: createPostgresEngine(timeouts),
  };
  const isEngine = (name: string): name is EngineName => (EngineNames as readonly string[]).includes(name);
  return {
    get(name) {
      // Callers are typed, but names also arrive from the database and queue payloads.
      if (!isEngine(name)) throw new NotFoundError('engine', String(name));
      return adapters[name];
    },
    all: () => EngineNames.map((name) => adapters[name]),
    isEngine,
  };
}
