import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually, type TestApp } from '../helpers/app';
import { appWithPages, createWatchedCluster } from '../helpers/failover-cluster';
import type { LocalProvider } from '../../services/providers/local/local-provider';

/*
 * Patroni runs its server in a session of its own, so the server outlives a Patroni that dies (or
 * is killed after its stop grace, or is stopped while it starts a server mid-demotion). Such a
 * server must never be taken for the node's process: the node would run on without Patroni, on
 * the binaries it had (a minor upgrade under load once "succeeded" with the old primary still on
 * 15.14 this way). Starting the node again stops that server and starts Patroni, which starts its own.
 */
const setup = appWithPages('orders', 1000);
let app: TestApp;
beforeAll(() => {
  app = setup.app();
});

const nodeDir = (name: string) => join(app.config.dataDir, 'local-nodes', name);
const recordedPid = (name: string) => (JSON.parse(readFileSync(join(nodeDir(name), 'node.json'), 'utf8')) as { pid: number }).pid;
const serverPid = (name: string) => Number(readFileSync(join(nodeDir(name), 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[0]);
const commandOf = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const apiPort = (name: string) => (JSON.parse(readFileSync(join(nodeDir(name), 'node.json'), 'utf8')) as { apiPort: number }).apiPort;
const patroniState = async (name: string) => {
  try {
    const res = await fetch(`http://127.0.0.1:${apiPort(name)}/patroni`, { signal: AbortSignal.timeout(2000) });
    return ((await res.json()) as { state?: string; role?: string }) ?? {};
  } catch {
    return {};
  }
};

describe('a node whose Patroni died while its server runs', () => {
  it('is started again under Patroni, the orphaned server stopped first', async () => {
    const { cluster, nodes } = await createWatchedCluster(app, { name: 'orders-db', owner: 'orders', engine: 'postgres' }, 240_000);
    expect(cluster.failoverManager).toMatchObject({ kind: 'patroni' });
    const replica = nodes.find((n) => n.role === 'replica')!;
    const patroni = recordedPid(replica.name);
    expect(commandOf(patroni)).toMatch(/patroni/);
    const orphan = serverPid(replica.name);

    process.kill(patroni, 'SIGKILL');
    await eventually(async () => !alive(patroni), 10_000, 50);
    expect(alive(orphan)).toBe(true); // the server outlives its Patroni

    const local = app.ctx.providers.forRegion('local') as LocalProvider;
    await local.startNode(replica.providerId!);

    const restarted = recordedPid(replica.name);
    expect(restarted).not.toBe(orphan);
    expect(commandOf(restarted)).toMatch(/patroni/);
    await eventually(async () => !alive(orphan), 30_000, 100);
    const status = await eventually(
      async () => {
        const s = await patroniState(replica.name);
        return s.state === 'running' ? s : undefined;
      },
      120_000,
      250,
    );
    expect(status.role).toBe('replica');
    expect(serverPid(replica.name)).not.toBe(orphan);
  }, 600_000);
});
