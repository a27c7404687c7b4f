import type { SettingValue } from '../engine';
import type { LocalSettingsRules } from '../local-config';
import { socketDirFor } from './local-paths';

/** What a node's settings may not name: the provider owns these lines. */
export const postgresSettingsRules: LocalSettingsRules = {
  engine: 'postgres',
  name: /^[a-z][a-z0-9_.]{0,63}$/,
  protectedNames: new Set([
    'port',
    'listen_addresses',
    'unix_socket_directories',
    'unix_socket_group',
    'unix_socket_permissions',
    'data_directory',
    'config_file',
    'hba_file',
    'ident_file',
    'external_pid_file',
    'cluster_name',
    'include',
    'include_dir',
    'include_if_exists',
    'primary_conninfo',
    'primary_slot_name',
    'restore_command',
    'archive_command',
    'archive_cleanup_command',
    'recovery_end_command',
    'ssl_passphrase_command',
    'shared_preload_libraries',
    'local_preload_libraries',
    'session_preload_libraries',
    'dynamic_library_path',
  ]),
};

/** One postgresql.conf line. */
export function settingLine(name: string, value: SettingValue): string {
  if (typeof value === 'boolean') return `${name} = ${value ? 'on' : 'off'}`;
  if (typeof value === 'number') return `${name} = ${value}`;
  return `${name} = '${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** Appended after what initdb (or the primary's copy, or a restored backup) wrote, so these win. */
export function localSettings(dir: string, port: number, name: string, archive: string): string {
  return [
    '',
    '# datafleet local node',
    "listen_addresses = '127.0.0.1'",
    `port = ${port}`,
    `unix_socket_directories = '${socketDirFor(dir, port)}'`,
    `cluster_name = '${name.replace(/'/g, '')}'`,
    'shared_buffers = 32MB', // processes on a shared machine, whatever the spec asks for
    'max_connections = 50',
    'wal_level = replica',
    'max_wal_senders = 10',
    'wal_keep_size = 64MB', // a replica that falls briefly behind catches up without a new base backup
    'hot_standby = on',
    "password_encryption = 'scram-sha-256'",
    // Continuous archiving into the cluster's pgBackRest stanza: any point in time since the
    // oldest kept backup can be restored. A quiet server still closes a segment within a minute.
    'archive_mode = on',
    settingLine('archive_command', archive),
    'archive_timeout = 60',
    '',
  ].join('\n');
}
