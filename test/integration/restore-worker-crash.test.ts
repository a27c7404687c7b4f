import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { untilActive, untilSucceeded } from '../helpers/cluster-waits';
import { exited, spawnWorker } from '../helpers/worker-process';

let app: TestApp;
beforeAll(async () => {
  // API only: all work happens in worker child processes this test controls.
  app = await startTestApp({ roles: ['api'], config: { jobLockMs: 3000 } });
});
afterAll(async () => {
  await app?.stop();
});

/** Pids of processes whose command line matches `pattern` (pgrep -f). */
function pids(pattern: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', '--', pattern]).toString().trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The pgBackRest restores of one backup (its stanza and label are on their command line; not on their `restore:local` children's). */
const restoreProcesses = (stanza: string, label: string) => pids(`stanza=${stanza} .*set=${label} .*restore`);
/** Every pgBackRest restore process of a stanza, `restore:local` children too. */
const anyRestoreProcess = (stanza: string) => pids(`stanza=${stanza} .*restore`);

async function connect(name: string) {
  const cluster = await untilActive(app, name, 400_000);
  const primary = cluster.nodes.find((n) => n.role === 'primary')!;
  const client = new pg.Client({
    host: primary.host,
    port: primary.port,
    user: 'datafleet',
    password: cluster.password,
    database: 'postgres',
  });
  await client.connect();
  return { cluster, client };
}

describe('a worker SIGKILLed in the middle of a restore', () => {
  it('is replaced by one that finishes with one clean clone: no second cluster, no half-restored data', async () => {
    const first = spawnWorker(app);
    let second: ReturnType<typeof spawnWorker> | undefined;
    try {
      const created = await app.api('/api/clusters', {
        method: 'POST',
        json: { name: 'crash-orders', engine: 'postgres', owner: 'platform', expectedDataGb: 1, regions: ['local'], environment: 'test' },
      });
      expect(created.status).toBe(202);
      const source = await connect('crash-orders');
      // Enough data that the restore is still copying files when the worker dies.
      await source.client.query('CREATE TABLE orders (id int PRIMARY KEY, body text)');
      await source.client.query('INSERT INTO orders SELECT g, repeat(md5(g::text), 8) FROM generate_series(1, 400000) g');
      await source.client.end();
      const backupRes = await app.api('/api/clusters/crash-orders/backups', { method: 'POST', json: { kind: 'full' } });
      const { backup, operation: backupOp } = (await backupRes.json()) as { backup: { id: string }; operation: { id: string } };
      await untilSucceeded(app, backupOp.id, 180_000);
      const label = (await app.ctx.repos.backups.get(backup.id))!.label!;

      const res = await app.api('/api/clusters/crash-orders/restore', {
        method: 'POST',
        json: { name: 'crash-orders-copy', backupId: backup.id },
      });
      expect(res.status).toBe(202);
      const { cluster: clone, operation } = (await res.json()) as { cluster: { id: string }; operation: { id: string } };

      // Kill the worker and the restore it started, as a crash of the worker's process leaves it:
      // pgBackRest's `restore:local` child, not killed here, may go on writing into the data directory.
      const started = await eventually(
        async () => {
          const found = restoreProcesses(source.cluster.id, label);
          return found.length > 0 ? found : null;
        },
        120_000,
        10,
      );
      first.kill('SIGKILL');
      for (const pid of started) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // It may have finished meanwhile.
        }
      }
      await exited(first);
      expect((await app.ctx.repos.operations.get(operation.id))?.status).toBe('running');

      second = spawnWorker(app);
      const copy = await connect('crash-orders-copy');
      await untilSucceeded(app, operation.id, 60_000);
      const op = (await app.ctx.repos.operations.get(operation.id))!;
      expect(op.steps.find((s) => s.name === 'create-nodes')?.attempts).toBeGreaterThanOrEqual(2);

      // Whole: every row, every page checked, and the clone logs in with its own credential.
      expect(Number((await copy.client.query('SELECT count(*) AS n FROM orders')).rows[0]?.n)).toBe(400000);
      expect(Number((await copy.client.query('SELECT count(*) AS n FROM orders WHERE body = repeat(md5(id::text), 8)')).rows[0]?.n)).toBe(
        400000,
      );
      await copy.client.end();
      expect(copy.cluster.password).not.toBe(source.cluster.password);

      // One clone: one cluster of that origin, its planned nodes once each, and nothing left of the killed restore.
      const clones = await app.ctx.pool.query("SELECT id FROM clusters WHERE origin->>'backupId' = $1", [backup.id]);
      expect(clones.rows.map((c: { id: string }) => c.id)).toEqual([clone.id]);
      const nodes = await app.ctx.repos.nodes.forCluster(clone.id);
      expect(new Set(nodes.map((n) => n.name)).size).toBe(nodes.length);
      expect(nodes.every((n) => n.state === 'running')).toBe(true);
      const localNodes = join(app.config.dataDir, 'local-nodes');
      const dirs = readdirSync(localNodes).filter((d) => d.startsWith('crash-orders-copy'));
      expect(dirs.sort()).toEqual(nodes.map((n) => n.name).sort());
      expect(anyRestoreProcess(source.cluster.id)).toEqual([]);
      expect(existsSync(join(localNodes, nodes[0]!.name))).toBe(true);
      // Under Patroni the resumed clone is handed to it like any new cluster.
      if (app.config.localPostgresFailover === 'patroni')
        for (const node of nodes) expect(existsSync(join(localNodes, node.name, 'patroni.yml'))).toBe(true);
    } finally {
      if (first.exitCode === null && first.signalCode === null) first.kill('SIGKILL');
      if (second) {
        second.kill('SIGTERM');
        await exited(second);
      }
    }
  }, 600_000);
});
