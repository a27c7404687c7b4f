import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PostgresInstalls } from '../../services/engines/postgres/local-installs';
import type { RunAs } from '../../services/engines/engine';
import type { BenchControlPlane, ClusterDetail } from './control-plane';
import type { DirectNode } from './pgbackrest-direct';

/** The PostgreSQL cluster under test, as the benchmark reaches it besides the API: its primary's files, socket and login. */
export interface SourceCluster {
  detail: ClusterDetail;
  node: DirectNode & { host: string };
  /** The PostgreSQL binaries of the cluster's version (for restored scratch servers). */
  bin: string;
  runAs: RunAs;
  /** Datafleet's pgBackRest configuration, whose options the direct runs copy. */
  datafleetConfig: string;
  sql<T extends object>(text: string): Promise<T[]>;
}

export async function sourceCluster(plane: BenchControlPlane, name: string): Promise<SourceCluster> {
  const detail = await plane.cluster(name);
  const primary = detail.nodes.find((n) => n.role === 'primary');
  if (!primary?.host || !primary.port) throw new Error(`cluster ${name} has no primary with an address`);
  const { password, username } = await plane.api<{ password: string; username: string }>(`/api/clusters/${name}/connection?reveal=true`);
  const nodeDir = join(plane.env.dataDir, 'local-nodes', primary.name);
  const pgdata = join(nodeDir, 'pgdata');
  if (!existsSync(join(pgdata, 'PG_VERSION'))) throw new Error(`no data directory at ${pgdata}: the local provider's layout changed`);
  const installs = new PostgresInstalls();
  const install = installs.postgresInstallFor(detail.version) ?? installs.postgresInstall();
  if (!install) throw new Error('no PostgreSQL binaries on this machine');
  const node = {
    host: primary.host,
    port: primary.port,
    pgdata,
    socketDir: nodeDir,
    user: username,
    password,
    runAs: installs.postgresRunAs(),
  };
  return {
    detail,
    node,
    bin: install.bin,
    runAs: node.runAs,
    datafleetConfig: join(plane.env.config.backupDir ?? join(plane.env.dataDir, 'backups'), 'pgbackrest', 'pgbackrest.conf'),
    sql: async <T extends object>(text: string) => {
      const client = new pg.Client({ host: node.host, port: node.port, user: username, password, database: 'postgres' });
      await client.connect();
      try {
        return (await client.query<T>(text)).rows;
      } finally {
        await client.end();
      }
    },
  };
}

/** pgbench's scale for about `gb` of data: scale 1 is 100,000 accounts, about 15 MiB with indexes. */
export const pgbenchScaleFor = (gb: number) => Math.max(1, Math.round((gb * 1024) / 15));

/** `pgbench -i` at `scale`, its own process; resolves with its seconds. */
export function pgbenchInit(node: SourceCluster['node'], scale: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      'pgbench',
      ['-h', node.host, '-p', String(node.port), '-U', node.user, '-i', '-s', String(scale), '-q', 'postgres'],
      {
        env: { ...process.env, PGPASSWORD: node.password },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve((performance.now() - started) / 1000) : reject(new Error(`pgbench -i exited ${code}: ${err.trim()}`)),
    );
  });
}
