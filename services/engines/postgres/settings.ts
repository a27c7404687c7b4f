import type { EngineSettings, ParameterSpec, ParameterValue } from '../../core/engine-settings';
import { configValues } from '../../core/engine-settings';
import { closeQuietly, openPostgres } from './connection';

const parameters: readonly ParameterSpec[] = [
  {
    name: 'work_mem',
    description: 'memory one sort or hash may use before spilling to disk',
    type: 'integer',
    min: 1,
    max: 2048,
    unit: 'MB',
    suffix: 'MB',
    default: 4,
    applies: 'live',
  },
  {
    name: 'maintenance_work_mem',
    description: 'memory for VACUUM, CREATE INDEX and similar',
    type: 'integer',
    min: 1,
    max: 8192,
    unit: 'MB',
    suffix: 'MB',
    default: 64,
    applies: 'live',
  },
  {
    name: 'log_min_duration_statement',
    description: 'log statements slower than this many ms (-1: none)',
    type: 'integer',
    min: -1,
    max: 3_600_000,
    unit: 'ms',
    default: -1,
    applies: 'live',
  },
  {
    name: 'shared_buffers',
    description: 'memory of the shared page cache',
    type: 'integer',
    min: 16,
    max: 262_144,
    unit: 'MB',
    suffix: 'MB',
    default: 128,
    applies: 'restart',
  },
  {
    name: 'max_connections',
    description: 'concurrent connections the server accepts',
    type: 'integer',
    min: 10,
    max: 5000,
    default: 100,
    applies: 'restart',
  },
];

/** A single-quoted SQL literal. */
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** PostgreSQL parameters a team may tune; live ones by ALTER SYSTEM and a reload. */
export function postgresSettings(timeoutMs: number): EngineSettings {
  return {
    parameters,
    async read(node, credentials) {
      const client = await openPostgres(node, credentials, timeoutMs);
      try {
        const { rows } = await client.query<{ name: string; setting: string; unit: string | null }>(
          'SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1)',
          [parameters.map((p) => p.name)],
        );
        const values: Record<string, ParameterValue> = {};
        for (const row of rows) {
          const spec = parameters.find((p) => p.name === row.name)!;
          // Sizes come in units of kB or 8kB; the catalog speaks MB.
          const kb = row.unit === '8kB' ? 8 : row.unit === 'kB' ? 1 : row.unit === 'MB' ? 1024 : null;
          values[row.name] = spec.suffix && kb ? Math.round((Number(row.setting) * kb) / 1024) : Number(row.setting);
        }
        return values;
      } finally {
        closeQuietly(client);
      }
    },
    async applyLive(node, credentials, settings) {
      const client = await openPostgres(node, credentials, timeoutMs);
      try {
        // Names come from the catalog above only; values are quoted literals.
        for (const [name, value] of Object.entries(configValues(parameters, settings))) {
          if (!parameters.some((p) => p.name === name)) throw new Error(`${name} is not a tunable PostgreSQL parameter`);
          await client.query(`ALTER SYSTEM SET ${name} = ${literal(String(value))}`);
        }
        await client.query('SELECT pg_reload_conf()');
      } finally {
        closeQuietly(client);
      }
    },
  };
}
