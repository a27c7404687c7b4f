import { chownSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { RunAs } from './processes';

export type SettingValue = string | number | boolean;
export type NodeSettings = Record<string, SettingValue>;

/**
 * Settings a change may not touch: what the provider itself manages (address, files, credentials,
 * replication source) and what would let a setting run programs on the machine.
 */
const PROTECTED: Record<'redis' | 'postgres', ReadonlySet<string>> = {
  redis: new Set(['port', 'bind', 'dir', 'pidfile', 'logfile', 'requirepass', 'masterauth', 'masteruser', 'replicaof', 'slaveof', 'daemonize',
    'include', 'protected-mode', 'proc-title-template', 'unixsocket', 'unixsocketperm', 'dbfilename', 'appenddirname', 'rename-command',
    'aclfile', 'user', 'loadmodule', 'enable-debug-command', 'enable-module-command', 'enable-protected-configs', 'supervised']),
  postgres: new Set(['port', 'listen_addresses', 'unix_socket_directories', 'unix_socket_group', 'unix_socket_permissions', 'data_directory',
    'config_file', 'hba_file', 'ident_file', 'external_pid_file', 'cluster_name', 'include', 'include_dir', 'include_if_exists',
    'primary_conninfo', 'primary_slot_name', 'restore_command', 'archive_command', 'archive_cleanup_command', 'recovery_end_command',
    'ssl_passphrase_command', 'shared_preload_libraries', 'local_preload_libraries', 'session_preload_libraries', 'dynamic_library_path']),
};

const NAME: Record<'redis' | 'postgres', RegExp> = { redis: /^[a-z][a-z0-9-]{0,63}$/, postgres: /^[a-z][a-z0-9_.]{0,63}$/ };

/** Why these settings cannot be applied to a node of this engine, or null when they can. */
export function settingsProblem(engine: 'redis' | 'postgres', settings: NodeSettings): string | null {
  for (const [name, value] of Object.entries(settings)) {
    if (!NAME[engine].test(name)) return `"${name}" is not a ${engine} setting name`;
    if (PROTECTED[engine].has(name) || name.startsWith('tls-') || name.startsWith('ssl')) return `${name} is managed by the provider and cannot be changed`;
    if (typeof value === 'number' && !Number.isFinite(value)) return `${name} must be a finite number`;
    if (typeof value === 'string' && (value.length > 1024 || /\p{Cc}/u.test(value))) return `${name} must be one line of at most 1024 characters`;
  }
  return null;
}

const BARE = /^[A-Za-z0-9._:/@-]+(?: [A-Za-z0-9._:/@-]+)*$/;

/** One configuration line in the engine's own syntax. */
export function settingLine(engine: 'redis' | 'postgres', name: string, value: SettingValue): string {
  if (engine === 'redis') {
    if (typeof value === 'boolean') return `${name} ${value ? 'yes' : 'no'}`;
    const text = String(value);
    return `${name} ${BARE.test(text) ? text : `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`}`;
  }
  if (typeof value === 'boolean') return `${name} = ${value ? 'on' : 'off'}`;
  if (typeof value === 'number') return `${name} = ${value}`;
  return `${name} = '${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
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
