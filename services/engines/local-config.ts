import { chownSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { NodeSettings, RunAs } from './engine';

/* What local-process recipes of every engine share: settings checks, the settings block, pid files. */

/** What a change of a local node's settings may not do, per engine. */
export interface LocalSettingsRules {
  engine: string;
  /** The engine's setting-name syntax. */
  name: RegExp;
  /**
   * Settings a change may not touch: what the provider itself manages (address, files, credentials,
   * replication source) and what would let a setting run programs on the machine.
   */
  protectedNames: ReadonlySet<string>;
}

/** Why these settings cannot be applied to a node of this engine, or null when they can. */
export function settingsProblem(rules: LocalSettingsRules, settings: NodeSettings): string | null {
  for (const [name, value] of Object.entries(settings)) {
    if (!rules.name.test(name)) return `"${name}" is not a ${rules.engine} setting name`;
    if (rules.protectedNames.has(name) || name.startsWith('tls-') || name.startsWith('ssl'))
      return `${name} is managed by the provider and cannot be changed`;
    if (typeof value === 'number' && !Number.isFinite(value)) return `${name} must be a finite number`;
    if (typeof value === 'string' && (value.length > 1024 || /\p{Cc}/u.test(value)))
      return `${name} must be one line of at most 1024 characters`;
  }
  return null;
}

/** A pid file's first line, or null when there is none. */
export function readPid(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]?.trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

const BEGIN = '# >>> datafleet node settings (rewritten by changeNode)';
const END = '# <<< datafleet node settings';

/**
 * Rewrites the block of changeNode settings at the end of a configuration file (later lines win in
 * both redis.conf and postgresql.conf). Whole or not at all: written to a temp file and renamed,
 * then handed to the OS user the server runs as.
 */
export function writeSettingsBlock(file: string, lines: readonly string[], owner: RunAs): void {
  if (!existsSync(file)) throw new Error(`${file} is missing; the node was never prepared`);
  const current = readFileSync(file, 'utf8');
  const start = current.indexOf(BEGIN);
  const before = start >= 0 ? current.slice(0, start).replace(/\n*$/, '\n') : current.endsWith('\n') ? current : `${current}\n`;
  const block = lines.length > 0 ? `\n${BEGIN}\n${lines.join('\n')}\n${END}\n` : '';
  writeFileSync(`${file}.tmp`, before + block, { mode: 0o600 });
  if (owner) chownSync(`${file}.tmp`, owner.uid, owner.gid);
  renameSync(`${file}.tmp`, file);
}
