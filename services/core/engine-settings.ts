import type { Credentials, NodeEndpoint } from './node-endpoint';

/** A value of an engine parameter as the API takes it and the engine's config file holds it. */
export type ParameterValue = string | number | boolean;

/** One tunable parameter of an engine: its type and range, and whether the engine takes it at runtime. */
export interface ParameterSpec {
  name: string;
  description: string;
  type: 'enum' | 'integer' | 'boolean';
  /** enum: the values the engine accepts. */
  values?: readonly string[];
  /** integer: the inclusive range, in `unit`. */
  min?: number;
  max?: number;
  unit?: string;
  /** What follows the number in the engine's configuration ("mb" for Redis, "MB" for PostgreSQL). */
  suffix?: string;
  /** The value a node has when nothing set it (what a diff compares a first change with). */
  default: ParameterValue;
  /** 'live': applied to running nodes (CONFIG SET, ALTER SYSTEM + reload); 'restart': by a rolling restart. */
  applies: 'live' | 'restart';
}

/** The parameters a team may change on an engine, and how a live change reaches a running node. */
export interface EngineSettings {
  readonly parameters: readonly ParameterSpec[];
  /** Applies live parameters to one running node (each also persisted by the provider's configuration). */
  applyLive(node: NodeEndpoint, credentials: Credentials, settings: Record<string, ParameterValue>): Promise<void>;
  /** What a running node has now, in the catalog's units: the "from" of a diff and the values a failure goes back to. */
  read(node: NodeEndpoint, credentials: Credentials): Promise<Record<string, ParameterValue>>;
}

/** Why `value` is not a valid value of `spec`, or null when it is. */
export function parameterProblem(spec: ParameterSpec, value: unknown): string | null {
  switch (spec.type) {
    case 'enum':
      return typeof value === 'string' && spec.values!.includes(value) ? null : `${spec.name} must be one of ${spec.values!.join(', ')}`;
    case 'boolean':
      return typeof value === 'boolean' ? null : `${spec.name} must be true or false`;
    case 'integer': {
      const unit = spec.unit ? ` ${spec.unit}` : '';
      if (typeof value !== 'number' || !Number.isInteger(value)) return `${spec.name} must be a whole number${unit}`;
      if (value < spec.min! || value > spec.max!)
        return `${spec.name} must be between ${spec.min}${unit} and ${spec.max}${unit}; ${value} is out of range`;
      return null;
    }
  }
}

/** The parameters as the engine's configuration writes them (a number with its unit suffix). */
export function configValues(specs: readonly ParameterSpec[], settings: Record<string, ParameterValue>): Record<string, ParameterValue> {
  return Object.fromEntries(
    Object.entries(settings).map(([name, value]) => {
      const suffix = specs.find((s) => s.name === name)?.suffix;
      return [name, suffix && typeof value === 'number' ? `${value}${suffix}` : value];
    }),
  );
}

const SIZE = /^(\d+(?:\.\d+)?)\s*(kb|mb|gb)?$/i;
const MB_PER: Record<string, number> = { kb: 1 / 1024, mb: 1, gb: 1024 };

/**
 * A parameter's value in the catalog's units from what a cluster's spec holds: a size with a unit
 * ("512MB", "256mb"), a plain number (bytes where the engine counts bytes, i.e. a size parameter),
 * or the value itself. Null when nothing can be read (the catalog's default applies).
 */
export function valueFromConfig(spec: ParameterSpec, raw: unknown): ParameterValue | null {
  if (raw === undefined || raw === null) return null;
  if (spec.type !== 'integer') return typeof raw === 'string' || typeof raw === 'boolean' ? raw : String(raw);
  if (typeof raw === 'number') return spec.suffix ? Math.round(raw / 1024 ** 2) : raw;
  const size = SIZE.exec(String(raw).trim());
  if (!size) return null;
  const unit = size[2]?.toLowerCase();
  return Math.round(Number(size[1]) * (spec.suffix && unit ? MB_PER[unit]! : 1));
}
