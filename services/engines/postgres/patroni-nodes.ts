import { chownSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostPort, LocalNodeManager, SettingValue } from '../engine';
import { withPostgres } from './connection';
import { archiveCommand } from './pgbackrest';
import { patroniConfigFile, pgdata, POSTGRES_SUPERUSER, socketDirFor } from './local-paths';
import { PATRONI_LOGIN, patroniConfig } from './patroni-config';
import type { PostgresInstalls } from './local-installs';
import { sleep } from '../../core/clock';
import { deleteScope, memberGet, patchConfig } from './patroni-rest';

const LOGIN_TIMEOUT_MS = 10_000;
/** How long a change of parameters waits for a member to take it (Patroni restarting, the store's configuration not written yet). */
const CONFIG_WAIT_MS = 30_000;

/**
 * A copy made with pg_basebackup -R follows its primary through postgresql.auto.conf, which would
 * outrank the primary_conninfo Patroni writes: under Patroni, Patroni says whom a member follows.
 */
function forgetFollowing(data: string): void {
  const auto = join(data, 'postgresql.auto.conf');
  if (!existsSync(auto)) return;
  const kept = readFileSync(auto, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(primary_conninfo|primary_slot_name|restore_command|recovery_target\w*)\s*=/.test(line));
  writeFileSync(auto, kept.join('\n'));
}

/**
 * Patroni's own login (superuser, replication), made on the running primary with the admin
 * password. Patroni logs in with it, so a rotation of the admin password never locks Patroni out;
 * replicas receive it with everything else.
 */
async function ensurePatroniLogin(port: number, password: string, secret: string): Promise<void> {
  const node = { name: `postgres 127.0.0.1:${port}`, host: '127.0.0.1', port, role: 'primary' as const };
  await withPostgres(node, { username: POSTGRES_SUPERUSER, password }, LOGIN_TIMEOUT_MS, async (c) => {
    const recovering = (await c.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r')).rows[0]?.r;
    if (recovering) return;
    const exists = (await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [PATRONI_LOGIN])).rowCount;
    const verb = exists ? 'ALTER' : 'CREATE';
    const literal = `'${secret.replace(/'/g, "''")}'`;
    await c.query(`${verb} ROLE ${PATRONI_LOGIN} WITH LOGIN SUPERUSER REPLICATION PASSWORD ${literal}`);
  });
}

/** Local PostgreSQL nodes handed to Patroni: one Patroni process per node, running that node's server. */
export class PatroniNodes implements LocalNodeManager {
  constructor(
    private readonly installs: PostgresInstalls,
    /** The bin_dir of a node's Patroni for a version (patroni-bin.ts). */
    private readonly binFor: (dir: string, version: string) => string,
  ) {}

  manages(dir: string): boolean {
    return existsSync(patroniConfigFile(dir));
  }

  async adopt(input: Parameters<LocalNodeManager['adopt']>[0]): Promise<void> {
    const file = patroniConfigFile(input.dir);
    if (existsSync(file)) return;
    // A running server is the primary (the login is made there) or a replica (it has it already).
    await ensurePatroniLogin(input.port, input.password, input.managerSecret).catch((error: unknown) => {
      if (!/ECONNREFUSED|timeout|starting up|shutting down/i.test(String(error))) throw error;
    });
    const data = pgdata(input.dir);
    forgetFollowing(data);
    const bin = this.binFor(input.dir, input.version);
    const text = patroniConfig({
      dir: input.dir,
      pgdata: data,
      bin,
      nodeName: input.nodeName,
      scope: input.scope,
      port: input.port,
      apiPort: input.apiPort,
      socketDir: socketDirFor(input.dir, input.port),
      stores: input.stores,
      secret: input.managerSecret,
      synchronous: input.synchronous,
      archiveCommand: archiveCommand(input.backupRoot, input.clusterId, data),
    });
    writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
    const runAs = this.installs.postgresRunAs();
    if (runAs) chownSync(`${file}.tmp`, runAs.uid, runAs.gid);
    renameSync(`${file}.tmp`, file);
  }

  /**
   * Server parameters under Patroni are its dynamic configuration (a member's own postgresql.conf
   * is rewritten by Patroni): patched through the first member that answers. Each member reloads
   * its server within a loop; one that needs a restart for them takes them when it next starts.
   */
  async setParameters(apiPorts: number[], parameters: Record<string, SettingValue | null>): Promise<void> {
    if (Object.keys(parameters).length === 0) return;
    // The leader writes the store's configuration a loop after it first takes the lock; until then a patch is refused.
    const deadline = Date.now() + CONFIG_WAIT_MS;
    for (;;) {
      let last: unknown = new Error('no member to ask');
      for (const port of apiPorts) {
        try {
          return await patchConfig(`http://127.0.0.1:${port}`, { postgresql: { parameters } });
        } catch (error) {
          last = error;
        }
      }
      if (Date.now() > deadline) throw last instanceof Error ? last : new Error(String(last));
      await sleep(500);
    }
  }

  /** Patroni keeps a server that will not start in 'start failed' (it tries again each loop) or says its restart failed. */
  async startFailure(apiPort: number): Promise<string | null> {
    const status = await memberGet<{ state?: string }>(`http://127.0.0.1:${apiPort}`, '/patroni');
    const state = status?.json?.state ?? '';
    return /^(start failed|restart failed|crashed)/.test(state) ? `Patroni reports the server ${state}` : null;
  }

  /** Without patroni.yml the node's server starts as a plain server of the provider's again. */
  release(dir: string): void {
    rmSync(patroniConfigFile(dir), { force: true });
  }

  /** The scope's keys deleted through the first store that answers. */
  async forgetCluster(stores: HostPort[], scope: string): Promise<void> {
    let last: unknown = new Error('no store to ask');
    for (const store of stores) {
      try {
        return await deleteScope(store, scope);
      } catch (error) {
        last = error;
      }
    }
    throw last instanceof Error ? last : new Error(String(last));
  }

  async leads(apiPort: number): Promise<boolean> {
    try {
      const response = await fetch(`http://127.0.0.1:${apiPort}/primary`, { signal: AbortSignal.timeout(2000) });
      return response.status === 200;
    } catch {
      return false;
    }
  }
}
