import { join } from 'node:path';
import type { HostPort } from '../engine';

/** Patroni's own login (superuser and replication): made once per cluster, never rotated with the admin password. */
export const PATRONI_LOGIN = 'datafleet_patroni';

/**
 * Patroni's timing on one machine: a leader that stops renewing its lock loses it after `ttl`
 * seconds; `loop_wait` is how often each member looks; `retry_timeout` bounds a store or server
 * call. Patroni requires ttl ≥ loop_wait + 2 × retry_timeout (10 ≥ 1 + 8).
 */
export const PATRONI_TIMING = { ttl: 10, loop_wait: 1, retry_timeout: 4 } as const;

export interface PatroniNodeConfig {
  dir: string;
  pgdata: string;
  bin: string;
  nodeName: string;
  scope: string;
  port: number;
  apiPort: number;
  socketDir: string;
  stores: HostPort[];
  secret: string;
  synchronous: boolean;
  archiveCommand: string;
}

/**
 * One node's patroni.yml (JSON is YAML). Settings every member must share (they decide whether a
 * replica can follow) and those a team may tune sit in the store's bootstrap configuration, where
 * a settings change patches them (a member's own `postgresql.parameters` would outrank the store);
 * archiving sits in the node's own `postgresql.parameters`, or Patroni's postgresql.conf would leave it out.
 */
export function patroniConfig(c: PatroniNodeConfig): string {
  const address = (port: number) => `127.0.0.1:${port}`;
  const login = { username: PATRONI_LOGIN, password: c.secret };
  return `${JSON.stringify(
    {
      scope: c.scope,
      name: c.nodeName,
      restapi: { listen: address(c.apiPort), connect_address: address(c.apiPort) },
      etcd3: { hosts: c.stores.map((s) => `${s.host}:${s.port}`) },
      bootstrap: {
        dcs: {
          ...PATRONI_TIMING,
          maximum_lag_on_failover: 16 * 1024 * 1024,
          // Strict mode would stop every write while no replica is in sync (the replica died, a
          // two-node cluster replacing it); without it the leader takes writes alone until one is.
          synchronous_mode: c.synchronous,
          synchronous_mode_strict: false,
          postgresql: {
            use_pg_rewind: false,
            use_slots: true,
            parameters: {
              wal_level: 'replica',
              hot_standby: 'on',
              max_connections: 50,
              shared_buffers: '32MB',
              max_wal_senders: 10,
              max_replication_slots: 10,
              wal_keep_size: '64MB',
            },
          },
        },
      },
      postgresql: {
        listen: address(c.port),
        connect_address: address(c.port),
        data_dir: c.pgdata,
        bin_dir: c.bin,
        pgpass: join(c.dir, 'pgpass'),
        authentication: { superuser: login, replication: login },
        parameters: {
          unix_socket_directories: c.socketDir,
          password_encryption: 'scram-sha-256',
          archive_mode: 'on',
          archive_command: c.archiveCommand,
          archive_timeout: 60,
        },
        create_replica_methods: ['basebackup'],
        basebackup: [{ checkpoint: 'fast' }],
        // A dead primary is replaced, never rewound: a member whose timeline diverged copies the leader again.
        remove_data_directory_on_diverged_timelines: true,
        remove_data_directory_on_rewind_failure: true,
        pg_hba: [
          `local all all scram-sha-256`,
          `host all all 127.0.0.1/32 scram-sha-256`,
          `host replication all 127.0.0.1/32 scram-sha-256`,
        ],
      },
    },
    null,
    2,
  )}\n`;
}

/** The installed binaries a node runs: a version change rewrites this line before the next start. */
export function withBinDir(config: string, bin: string): string {
  const parsed = JSON.parse(config) as { postgresql: { bin_dir: string } };
  if (parsed.postgresql.bin_dir === bin) return config;
  parsed.postgresql.bin_dir = bin;
  return `${JSON.stringify(parsed, null, 2)}\n`;
}
