import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../services/infra/embedded/probe';
import { cleanupOnExit } from './cleanup';

const run = promisify(execFile);

/**
 * A PostgreSQL server of one test's own (its data directory in a temporary folder, its own port),
 * which the test may stop, restart and start again without touching the machine's shared server.
 * It runs the machine's binaries; as root, as the postgres OS user (PostgreSQL refuses root).
 */
export interface PrivatePostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** pg_ctl restart -m fast: every connection is terminated (57P01) and the server comes back. */
  restart(): Promise<void>;
  /** SIGSTOP to the server and its backends: connections stay open and nothing answers (a hung or partitioned server). */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
  /** Stops the server at once and deletes its directory; safe to call twice. */
  remove(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = readdirSync(root)
    .filter((d) => /^\d+$/.test(d))
    .sort((a, b) => Number(b) - Number(a));
  if (!majors[0]) throw new Error(`no PostgreSQL server binaries under ${root}`);
  return join(root, majors[0], 'bin');
}

const asRoot = process.getuid?.() === 0;

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'datafleet-private-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
  const pgCtl = (args: string[]) => command('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), ...args]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=16MB -c max_connections=80`;

  /** The postmaster and every backend it forked, by their process ids. */
  const serverPids = (): number[] => {
    const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = spawnSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .map(Number);
    return [postmaster, ...children];
  };
  const signal = (name: NodeJS.Signals) => {
    for (const pid of serverPids()) {
      try {
        process.kill(pid, name);
      } catch {
        // A backend that exited meanwhile.
      }
    }
  };
  // A test that fails or is interrupted still leaves no server and no directory behind.
  const remove = cleanupOnExit(() => {
    try {
      signal('SIGCONT');
    } catch {
      // Not running.
    }
    const [cmd, args] = pgCtl(['stop', '-m', 'immediate', '-w', '-t', '20']);
    spawnSync(cmd, args, { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  });
  try {
    await run(...command('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--locale=C', '-E', 'UTF8', '--no-instructions', '-N']));
    const start = async () => void (await run(...pgCtl(['start', '-w', '-t', '30', '-o', options])));
    await start();
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      port,
      start,
      stop: async () => void (await run(...pgCtl(['stop', '-m', 'fast', '-w', '-t', '30']))),
      pause: () => signal('SIGSTOP'),
      resume: () => signal('SIGCONT'),
      restart: async () => void (await run(...pgCtl(['restart', '-m', 'fast', '-w', '-t', '30', '-o', options]))),
      remove,
    };
  } catch (error) {
    remove();
    throw error;
  }
}
