import type { EngineSettings, ParameterSpec, ParameterValue } from '../../core/engine-settings';
import { configValues } from '../../core/engine-settings';
import { openRedis } from './connection';

const parameters: readonly ParameterSpec[] = [
  {
    name: 'maxmemory-policy',
    description: 'which keys Redis evicts when it reaches maxmemory',
    type: 'enum',
    values: [
      'noeviction',
      'allkeys-lru',
      'allkeys-lfu',
      'allkeys-random',
      'volatile-lru',
      'volatile-lfu',
      'volatile-random',
      'volatile-ttl',
    ],
    default: 'noeviction',
    applies: 'live',
  },
  {
    name: 'maxmemory',
    description: 'memory the data may use before the policy applies',
    type: 'integer',
    min: 16,
    max: 1_048_576,
    unit: 'MB',
    suffix: 'mb',
    default: 128,
    applies: 'live',
  },
  {
    name: 'timeout',
    description: 'seconds before an idle client is closed (0: never)',
    type: 'integer',
    min: 0,
    max: 86_400,
    unit: 's',
    default: 0,
    applies: 'live',
  },
  {
    name: 'databases',
    description: 'number of logical databases',
    type: 'integer',
    min: 1,
    max: 256,
    default: 16,
    applies: 'restart',
  },
];

/** Redis parameters a team may tune; live ones by CONFIG SET. */
export function redisSettings(timeoutMs: number): EngineSettings {
  return {
    parameters,
    async read(node, credentials) {
      const session = await openRedis(node, credentials, timeoutMs);
      try {
        const values: Record<string, ParameterValue> = {};
        for (const spec of parameters) {
          const [, raw] = (await session.client.config('GET', spec.name).catch((error: unknown) => {
            throw session.explain(error);
          })) as string[];
          if (raw === undefined) continue;
          // CONFIG GET answers sizes in bytes.
          values[spec.name] = spec.type === 'integer' ? (spec.suffix ? Math.round(Number(raw) / 1024 ** 2) : Number(raw)) : raw;
        }
        return values;
      } finally {
        session.close();
      }
    },
    async applyLive(node, credentials, settings) {
      const session = await openRedis(node, credentials, timeoutMs);
      try {
        for (const [name, value] of Object.entries(configValues(parameters, settings)))
          await session.client.config('SET', name, String(value)).catch((error: unknown) => {
            throw session.explain(error);
          });
      } finally {
        session.close();
      }
    },
  };
}
