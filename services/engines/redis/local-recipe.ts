import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalRecipe, NodeSettings, PrepareInput, SettingValue, SpawnSpec } from '../engine';
import { readPid, settingsProblem, writeSettingsBlock, type LocalSettingsRules } from '../local-config';
import { RdbSnapshots } from './rdb-snapshots';
import { firstReply } from '../wire-reply';
import { SentinelRecipe } from './sentinel-recipe';

/** Local nodes share one machine: a small memory cap whatever the spec asks for. */
const LOCAL_MAXMEMORY = '128mb';

/** A double-quoted redis.conf string: backslashes and quotes escaped. */
const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

const rules: LocalSettingsRules = {
  engine: 'redis',
  name: /^[a-z][a-z0-9-]{0,63}$/,
  protectedNames: new Set([
    'port',
    'bind',
    'dir',
    'pidfile',
    'logfile',
    'requirepass',
    'masterauth',
    'masteruser',
    'replicaof',
    'slaveof',
    'daemonize',
    'include',
    'protected-mode',
    'proc-title-template',
    'unixsocket',
    'unixsocketperm',
    'dbfilename',
    'appenddirname',
    'rename-command',
    'aclfile',
    'user',
    'loadmodule',
    'enable-debug-command',
    'enable-module-command',
    'enable-protected-configs',
    'supervised',
  ]),
};

const BARE = /^[A-Za-z0-9._:/@-]+(?: [A-Za-z0-9._:/@-]+)*$/;

/** One redis.conf line. */
function settingLine(name: string, value: SettingValue): string {
  if (typeof value === 'boolean') return `${name} ${value ? 'yes' : 'no'}`;
  const text = String(value);
  return `${name} ${BARE.test(text) ? text : quoted(text)}`;
}

/** Redis answers PING with +PONG, or -NOAUTH when a password is set; -LOADING means not yet. */
async function redisAnswers(port: number, timeoutMs = 1000): Promise<boolean> {
  const reply = (await firstReply(port, Buffer.from('PING\r\n'), (r) => r.includes(0x0a), timeoutMs))?.toString() ?? '';
  return reply.startsWith('+PONG') || reply.startsWith('-NOAUTH');
}

const REPLICA_LINE = /^\s*(replicaof|slaveof)\s/i;
const SETTINGS_BLOCK = '# >>> datafleet node settings';

const output = (file: string, args: string[]): string => {
  const result = spawnSync(file, args, { timeout: 10_000 });
  return result.status === 0 ? (result.stdout?.toString() ?? '') : '';
};

export class RedisRecipe implements LocalRecipe {
  readonly engine = 'redis' as const;
  readonly stopSignal = 'SIGTERM' as const;

  private installed: string | null | undefined;

  /** redis-server from PATH, asked once: each look-up spawns a program. */
  installedVersion(): string | null {
    if (this.installed === undefined) this.installed = /v=(\d+\.\d+\.\d+)/.exec(output('redis-server', ['--version']))?.[1] ?? null;
    return this.installed;
  }

  /** One redis-server (from PATH) is all this machine has. */
  versions(): string[] {
    const version = this.installedVersion();
    return version ? [version] : [];
  }

  versionChangeProblem(from: string, to: string): string | null {
    if (to === from || this.versions().includes(to)) return null;
    return `only redis-server ${this.versions().join(', ') || '(none)'} is installed on this machine; a local node cannot run Redis ${to}`;
  }

  settingsProblem(settings: NodeSettings): string | null {
    return settingsProblem(rules, settings);
  }

  /** The config file holds the password, so it stays readable by its owner only. */
  applySettings(dir: string, settings: NodeSettings): void {
    writeSettingsBlock(
      join(dir, 'redis.conf'),
      Object.entries(settings).map(([name, value]) => settingLine(name, value)),
      null,
    );
  }

  readonly backups = new RdbSnapshots();
  readonly failoverManager = new SentinelRecipe();

  /**
   * In place, with the server stopped: its data files go; a primary gets the snapshot as its AOF
   * base, a replica starts empty and takes a full sync from its primary. redis.conf (password, ACL
   * users, settings) stays as it is.
   */
  async restoreInPlace({ backupRoot, dir, request }: PrepareInput): Promise<void> {
    rmSync(join(dir, 'appendonlydir'), { recursive: true, force: true });
    rmSync(join(dir, 'dump.rdb'), { force: true });
    if (request.restoreFrom && request.role !== 'replica') this.backups.restore(request.restoreFrom, backupRoot, dir);
  }

  /** The config file holds the password, so it is readable by its owner only. A restored primary starts from its snapshot. */
  async prepare({ backupRoot, dir, port, request }: PrepareInput): Promise<void> {
    const conf = join(dir, 'redis.conf');
    if (existsSync(conf)) return;
    if (request.restoreFrom && request.role !== 'replica') this.backups.restore(request.restoreFrom, backupRoot, dir);
    const lines = [
      `port ${port}`,
      'bind 127.0.0.1',
      'protected-mode no', // loopback only, and a password is required
      `dir ${quoted(dir)}`,
      'daemonize no',
      `pidfile ${quoted(join(dir, 'redis.pid'))}`,
      `logfile ${quoted(join(dir, 'server.log'))}`,
      `requirepass ${quoted(request.password)}`,
      `masterauth ${quoted(request.password)}`,
      'appendonly yes',
      'save ""',
      `maxmemory ${LOCAL_MAXMEMORY}`,
      'maxmemory-policy noeviction',
      // Redis waits 5 s for more replicas before a full sync; on one machine they come one by one.
      'repl-diskless-sync-delay 0',
      // The node directory in the process title lets us tell our server from a process that reused its pid.
      'proc-title-template "{title} {listen-addr} {config-file}"',
      ...(request.role === 'replica' && request.primary ? [`replicaof ${request.primary.host} ${request.primary.port}`] : []),
    ];
    writeFileSync(`${conf}.tmp`, `${lines.join('\n')}\n`, { mode: 0o600 });
    renameSync(`${conf}.tmp`, conf); // whole or absent: its presence means prepared
  }

  command(dir: string): SpawnSpec {
    return { file: 'redis-server', args: [join(dir, 'redis.conf')], cwd: dir, logFile: join(dir, 'server.log'), runAs: null };
  }

  answers(port: number): Promise<boolean> {
    return redisAnswers(port);
  }

  pidFromEngineFiles(dir: string): number | null {
    return readPid(join(dir, 'redis.pid'));
  }

  /**
   * Rewrites the `replicaof` line of the node's redis.conf, so a restart keeps what a switchover
   * changed at runtime. The line goes before the block of changeNode settings, where prepare() wrote
   * it. Whole or not at all: a temp file renamed.
   */
  recordPrimary(dir: string, primary: { host: string; port: number } | null): void {
    const conf = join(dir, 'redis.conf');
    const lines = readFileSync(conf, 'utf8')
      .replace(/\n+$/, '')
      .split('\n')
      .filter((line) => !REPLICA_LINE.test(line));
    if (primary) {
      const block = lines.findIndex((line) => line.startsWith(SETTINGS_BLOCK));
      lines.splice(block >= 0 ? block : lines.length, 0, `replicaof ${primary.host} ${primary.port}`);
    }
    writeFileSync(`${conf}.tmp`, `${lines.join('\n')}\n`, { mode: 0o600 });
    renameSync(`${conf}.tmp`, conf);
  }
}
