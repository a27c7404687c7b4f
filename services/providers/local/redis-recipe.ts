import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InstalledEngines } from './installed-engines';
import type { LocalRecipe, PrepareInput } from './recipe';
import type { SpawnSpec } from './processes';
import { redisAnswers } from './wire-probes';
import { settingLine, settingsProblem, writeSettingsBlock, type NodeSettings } from './node-settings';

/** Local nodes share one machine: a small memory cap whatever the spec asks for. */
const LOCAL_MAXMEMORY = '128mb';

/** A double-quoted redis.conf string: backslashes and quotes escaped. */
const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export class RedisRecipe implements LocalRecipe {
  readonly engine = 'redis' as const;
  readonly stopSignal = 'SIGTERM' as const;

  constructor(private readonly installed: InstalledEngines) {}

  installedVersion(): string | null {
    return this.installed.redisVersion();
  }

  /** One redis-server (from PATH) is all this machine has. */
  versions(): string[] {
    const version = this.installed.redisVersion();
    return version ? [version] : [];
  }

  versionChangeProblem(from: string, to: string): string | null {
    if (to === from || this.versions().includes(to)) return null;
    return `only redis-server ${this.versions().join(', ') || '(none)'} is installed on this machine; a local node cannot run Redis ${to}`;
  }

  settingsProblem(settings: NodeSettings): string | null {
    return settingsProblem('redis', settings);
  }

  /** The config file holds the password, so it stays readable by its owner only. */
  applySettings(dir: string, settings: NodeSettings): void {
    writeSettingsBlock(join(dir, 'redis.conf'), Object.entries(settings).map(([name, value]) => settingLine('redis', name, value)), null);
  }

  /** The config file holds the password, so it is readable by its owner only. */
  async prepare({ dir, port, request }: PrepareInput): Promise<void> {
    const conf = join(dir, 'redis.conf');
    if (existsSync(conf)) return;
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
}

export function readPid(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]?.trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
