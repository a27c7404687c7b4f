import { spawn } from 'node:child_process';
import { chownSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { RunAs } from '../../services/engines/engine';
import { runToCompletion } from '../../services/engines/local-process';
import { pickFreePort } from '../../services/providers/local/ports';
import { onCleanup } from '../lib/cleanup';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A PostgreSQL server of the benchmark's own on a data directory pgBackRest restored by hand: started
 * with archiving off (it must not push a new timeline into the repository it came from), on a free
 * port, until it has finished recovery and leads. Removed (stopped, directory deleted) by `remove`,
 * also when the run is interrupted.
 */
export class ScratchServer {
  readonly pgdata: string;
  port = 0;
  private readonly removeNow: () => Promise<void>;

  constructor(
    private readonly dir: string,
    private readonly bin: string,
    private readonly runAs: RunAs,
    private readonly login: { user: string; password: string },
  ) {
    this.pgdata = join(dir, 'pgdata');
    mkdirSync(this.pgdata, { recursive: true, mode: 0o700 });
    if (runAs) for (const path of [dir, this.pgdata]) chownSync(path, runAs.uid, runAs.gid);
    this.removeNow = onCleanup(async () => {
      await runToCompletion(join(this.bin, 'pg_ctl'), ['-D', this.pgdata, '-m', 'immediate', 'stop'], {
        cwd: this.dir,
        runAs: this.runAs,
      }).catch(() => undefined);
      rmSync(this.dir, { recursive: true, force: true });
    });
  }

  /** Starts the restored server; resolves with the seconds until it accepts queries and is out of recovery. */
  async startAndLead(timeoutMs = 3600_000): Promise<number> {
    const started = performance.now();
    this.port = await pickFreePort(new Set());
    const options = [
      `-c port=${this.port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${this.dir}`,
      '-c archive_mode=off',
      "-c cluster_name='bench-restore'",
    ].join(' ');
    const child = spawn(join(this.bin, 'pg_ctl'), ['-D', this.pgdata, '-l', join(this.dir, 'server.log'), '-o', options, 'start'], {
      cwd: this.dir,
      stdio: 'ignore',
      ...(this.runAs ? { uid: this.runAs.uid, gid: this.runAs.gid } : {}),
    });
    await new Promise((resolve) => child.once('exit', resolve));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const leads = await this.query<{ recovering: boolean }>('SELECT pg_is_in_recovery() AS recovering').then(
        (rows) => rows[0]?.recovering === false,
        () => false,
      );
      if (leads) return (performance.now() - started) / 1000;
      if (Date.now() > deadline) throw new Error(`restored server in ${this.dir} did not lead within ${timeoutMs} ms (see server.log)`);
      await sleep(100);
    }
  }

  async query<T extends object>(sql: string, database = 'postgres'): Promise<T[]> {
    const client = new pg.Client({ host: '127.0.0.1', port: this.port, database, ...this.login, connectionTimeoutMillis: 2000 });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  }

  remove(): Promise<void> {
    return this.removeNow();
  }
}
