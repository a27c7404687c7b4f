import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { ClusterNode } from '../../services/core/types';
import type { ClusterRecord } from '../../services/fleet/cluster-record';

/** What bench:failover does differently per engine: its load, how a primary is killed, how lost writes are counted. */
export interface FailoverBenchProfile {
  engine: 'redis' | 'postgres';
  /** Where the results go (results/<name>.json). */
  resultName: string;
  managerLabel: string;
  targetMs: number;
  loadScript: string;
  loadPlan(cluster: ClusterRecord, password: string, hostsFile: string): object;
  /** Before the load starts (PostgreSQL: the table it writes). */
  prepare(primary: ClusterNode, password: string): Promise<void>;
  /** A dead node: every process of it SIGKILLed. */
  kill(nodeDir: string): void;
  /** Acknowledged writes missing from the primary. */
  lost(primary: ClusterNode, password: string, acked: number[]): Promise<number>;
  /** Which replicas a commit waits for, as the primary says (PostgreSQL's synchronous_standby_names). */
  synchronousStandbys?(primary: ClusterNode, password: string): Promise<string>;
}

const pidIn = (file: string) => Number(readFileSync(file, 'utf8').split('\n')[0]);
const nodePid = (nodeDir: string) => (JSON.parse(readFileSync(join(nodeDir, 'node.json'), 'utf8')) as { pid: number }).pid;

const redisProfile: FailoverBenchProfile = {
  engine: 'redis',
  resultName: 'failover',
  managerLabel: 'Sentinel',
  targetMs: 15_000,
  loadScript: join(import.meta.dirname, 'write-load.ts'),
  loadPlan: (cluster, password) => ({
    sentinels: cluster.failoverManager!.endpoints.map((e) => ({ host: e.host, port: e.port })),
    masterName: cluster.failoverManager!.masterName,
    password,
  }),
  prepare: async () => undefined,
  kill: (nodeDir) => process.kill(nodePid(nodeDir), 'SIGKILL'),
  async lost(primary, password, acked) {
    const reader = new Redis({ host: primary.host!, port: primary.port!, password, lazyConnect: true });
    let lost = 0;
    for (let at = 0; at < acked.length; at += 1000) {
      const values = await reader.mget(...acked.slice(at, at + 1000).map((seq) => `bench:w:${seq}`));
      lost += values.filter((v) => v === null).length;
    }
    reader.disconnect();
    return lost;
  },
};

async function withPrimary<T>(primary: ClusterNode, password: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ host: primary.host!, port: primary.port!, user: 'datafleet', password, database: 'postgres' });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const postgresProfile: FailoverBenchProfile = {
  engine: 'postgres',
  resultName: 'failover-postgres',
  managerLabel: 'Patroni',
  targetMs: 30_000,
  loadScript: join(import.meta.dirname, 'write-load-postgres.ts'),
  loadPlan: (_cluster, password, hostsFile) => ({ hostsFile, password }),
  prepare: (primary, password) =>
    withPrimary(primary, password, async (c) => void (await c.query('CREATE TABLE IF NOT EXISTS bench_writes (seq bigint PRIMARY KEY)'))),
  // Its Patroni first, so nothing restarts the server, then the server.
  kill(nodeDir) {
    const server = pidIn(join(nodeDir, 'pgdata', 'postmaster.pid'));
    process.kill(nodePid(nodeDir), 'SIGKILL');
    process.kill(server, 'SIGKILL');
  },
  lost: (primary, password, acked) =>
    withPrimary(primary, password, async (c) => {
      const { rows } = await c.query<{ n: string }>('SELECT count(*) AS n FROM bench_writes WHERE seq = ANY($1::bigint[])', [acked]);
      return acked.length - Number(rows[0]?.n ?? 0);
    }),
  synchronousStandbys: (primary, password) =>
    withPrimary(primary, password, async (c) => {
      const { rows } = await c.query<{ synchronous_standby_names: string }>('SHOW synchronous_standby_names');
      return rows[0]?.synchronous_standby_names ?? '';
    }),
};

export const failoverProfiles = { redis: redisProfile, postgres: postgresProfile } as const;
