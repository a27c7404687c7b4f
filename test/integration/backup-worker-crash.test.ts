import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { eventually, startTestApp, type TestApp } from '../helpers/app';
import { exited, spawnWorker } from '../helpers/worker-process';

let app: TestApp;
beforeAll(async () => {
  // API only: all work happens in worker child processes this test controls.
  app = await startTestApp({ roles: ['api'], config: { jobLockMs: 3000 } });
});
afterAll(async () => {
  await app?.stop();
});

/** Pids of the pgBackRest backup of one operation (its annotation carries the operation id). */
function backupProcesses(operationId: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', `datafleet-tag=${operationId}`])
      .toString()
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

async function activeCluster(name: string) {
  await eventually(
    async () => {
      const cluster = await app.ctx.repos.clusters.find(name);
      if (cluster?.status === 'FAILED') throw new Error(`provision of ${name} failed: ${cluster.statusReason}`);
      return cluster?.status === 'ACTIVE';
    },
    180_000,
    250,
  );
  const cluster = (await app.ctx.repos.clusters.find(name))!;
  const nodes = await app.ctx.repos.nodes.forCluster(cluster.id);
  const primary = nodes.find((n) => n.role === 'primary')!;
  const password = await app.ctx.repos.clusters.password(cluster.id);
  const client = new pg.Client({ host: primary.host!, port: primary.port!, user: 'datafleet', password, database: 'postgres' });
  await client.connect();
  return { cluster, client };
}

describe('a worker SIGKILLed in the middle of a backup', () => {
  it('is replaced by one that finishes with one whole backup, which restores', async () => {
    const first = spawnWorker(app);
    let second: ReturnType<typeof spawnWorker> | undefined;
    try {
      const created = await app.api('/api/clusters', {
        method: 'POST',
        json: { name: 'crash-ledger', engine: 'postgres', owner: 'platform', expectedDataGb: 1, regions: ['local'], environment: 'test' },
      });
      expect(created.status).toBe(202);
      const { cluster, client } = await activeCluster('crash-ledger');
      // Enough data that the backup is still copying files when the worker dies.
      await client.query('CREATE TABLE events (id int PRIMARY KEY, body text)');
      await client.query('INSERT INTO events SELECT g, repeat(md5(g::text), 8) FROM generate_series(1, 400000) g');
      await client.end();

      const res = await app.api('/api/clusters/crash-ledger/backups', { method: 'POST', json: { kind: 'full' } });
      expect(res.status).toBe(202);
      const { backup, operation } = (await res.json()) as { backup: { id: string }; operation: { id: string } };

      // Kill the worker and the backup it started (the whole process group, as a lost machine would).
      const pids = await eventually(
        async () => {
          const found = backupProcesses(operation.id);
          return found.length > 0 ? found : null;
        },
        60_000,
        10,
      );
      first.kill('SIGKILL');
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // It may have finished meanwhile.
        }
      }
      await exited(first);
      expect((await app.ctx.repos.backups.get(backup.id))?.status).toBe('running');

      second = spawnWorker(app);
      const done = await eventually(
        async () => {
          const row = await app.ctx.repos.backups.get(backup.id);
          if (row?.status === 'failed') throw new Error(`backup failed: ${row.error}`);
          return row?.status === 'succeeded' ? row : null;
        },
        180_000,
        250,
      );
      const op = await eventually(async () => {
        const now = await app.ctx.repos.operations.get(operation.id);
        return now?.status === 'succeeded' ? now : null;
      }, 30_000);
      expect(op?.steps.find((s) => s.name === 'back-up')?.attempts).toBeGreaterThanOrEqual(2);

      // One backup in the repository for the one request: pgBackRest's own list, read through the row's directory.
      const stanzaDir = done.location!.slice(0, done.location!.lastIndexOf('/'));
      const labels = execFileSync('ls', [stanzaDir])
        .toString()
        .split('\n')
        .filter((f) => /^\d{8}-\d{6}F$/.test(f));
      expect(labels).toEqual([done.label]);
      expect(done.sizeBytes).toBeGreaterThan(50_000_000);

      // And it is whole: a clone made from it holds every row.
      const restore = await app.api('/api/clusters/crash-ledger/restore', {
        method: 'POST',
        json: { name: 'crash-ledger-copy', backupId: backup.id },
      });
      expect(restore.status).toBe(202);
      const copy = await activeCluster('crash-ledger-copy');
      expect(Number((await copy.client.query('SELECT count(*) AS n FROM events')).rows[0]?.n)).toBe(400000);
      await copy.client.end();
      expect(cluster.name).toBe('crash-ledger');
    } finally {
      if (first.exitCode === null && first.signalCode === null) first.kill('SIGKILL');
      if (second) {
        second.kill('SIGTERM');
        await exited(second);
      }
    }
  });
});
