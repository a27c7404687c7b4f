import type { NodeSettings } from '../engine';

/**
 * The settings a local memcached node takes, as its spec names them, and each one's flag. memcached
 * has no configuration file: every setting is a command-line flag, rebuilt at each start.
 */
const COUNTS = { memory_limit_mb: '-m', max_connections: '-c', threads: '-t', item_size_max_mb: '-I' } as const;
type CountSetting = keyof typeof COUNTS;

/** What the provider itself manages: where the node listens and which files and user it uses. */
const PROTECTED = new Set(['port', 'listen', 'udp_port', 'user', 'pidfile', 'daemon', 'socket']);

/**
 * Local nodes share one small machine: whatever the spec asks for, a node gets at most this much
 * item memory, connections and threads (as local Redis nodes get a 128 MB cap).
 */
export const LOCAL_CAPS: Record<Exclude<CountSetting, 'item_size_max_mb'>, number> = {
  memory_limit_mb: 128,
  max_connections: 1024,
  threads: 2,
};
const DEFAULTS: Record<CountSetting, number> = { memory_limit_mb: 64, max_connections: 1024, threads: 2, item_size_max_mb: 1 };

const isCount = (name: string): name is CountSetting => Object.hasOwn(COUNTS, name);

/** Why these settings cannot be applied to a local memcached node, or null when they can. */
export function memcachedSettingsProblem(settings: NodeSettings): string | null {
  for (const [name, value] of Object.entries(settings)) {
    if (PROTECTED.has(name)) return `${name} is managed by the provider and cannot be changed`;
    if (name === 'evictions') {
      if (typeof value !== 'boolean') return 'evictions must be true or false';
      continue;
    }
    if (!isCount(name)) return `"${name}" is not a memcached setting (known: ${[...Object.keys(COUNTS), 'evictions'].join(', ')})`;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) return `${name} must be a whole number of at least 1`;
  }
  const memory = settings.memory_limit_mb;
  const itemMax = settings.item_size_max_mb;
  // memcached refuses to start with items larger than half its memory.
  if (typeof memory === 'number' && typeof itemMax === 'number' && itemMax * 2 > Math.min(memory, LOCAL_CAPS.memory_limit_mb)) {
    return `item_size_max_mb ${itemMax} must be at most half of memory_limit_mb`;
  }
  return null;
}

const countOf = (settings: NodeSettings, name: CountSetting): number => {
  const value = settings[name];
  return typeof value === 'number' ? value : DEFAULTS[name];
};

/** The flags for these (checked) settings, capped to what one local node may take. */
export function settingFlags(settings: NodeSettings): string[] {
  const capped = (name: keyof typeof LOCAL_CAPS) => String(Math.min(countOf(settings, name), LOCAL_CAPS[name]));
  return [
    COUNTS.memory_limit_mb,
    capped('memory_limit_mb'),
    COUNTS.max_connections,
    capped('max_connections'),
    COUNTS.threads,
    capped('threads'),
    COUNTS.item_size_max_mb,
    `${countOf(settings, 'item_size_max_mb')}m`,
    // -M: a full node refuses writes instead of evicting; only when eviction is turned off.
    ...(settings.evictions === false ? ['-M'] : []),
  ];
}
