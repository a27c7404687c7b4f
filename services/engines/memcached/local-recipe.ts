import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalRecipe, NodeSettings, PrepareInput, SpawnSpec } from '../engine';
import { memcachedSettingsProblem, settingFlags } from './local-settings';
import { versionOverTcp } from './wire-version';

/** The node's own record of how to start it; its presence means the directory is prepared. */
interface NodeConfig {
  port: number;
  settings: NodeSettings;
}

const CONFIG = 'memcached.json';
const PID_FILE = 'memcached.pid';

function writeWhole(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
  renameSync(`${file}.tmp`, file); // whole or absent
}

function readConfig(dir: string): NodeConfig {
  const file = join(dir, CONFIG);
  if (!existsSync(file)) throw new Error(`${file} is missing; the node was never prepared`);
  return JSON.parse(readFileSync(file, 'utf8')) as NodeConfig;
}

export function installedMemcachedVersion(): string | null {
  const result = spawnSync('memcached', ['-V'], { timeout: 10_000 });
  if (result.status !== 0) return null;
  return /memcached (\d+\.\d+\.\d+)/.exec(result.stdout?.toString() ?? '')?.[1] ?? null;
}

/** How to run a memcached node as a local process: Debian's memcached from PATH, one per node directory. */
export class MemcachedRecipe implements LocalRecipe {
  readonly engine = 'memcached' as const;
  // memcached exits promptly on SIGTERM; it holds nothing to flush.
  readonly stopSignal = 'SIGTERM' as const;
  private installed: string | null | undefined;

  /** `memcached -V`, asked once: each look-up spawns a program. */
  installedVersion(): string | null {
    if (this.installed === undefined) this.installed = installedMemcachedVersion();
    return this.installed;
  }

  /** One memcached (Debian's, from PATH) is all this machine has. */
  versions(): string[] {
    const version = this.installedVersion();
    return version ? [version] : [];
  }

  versionChangeProblem(from: string, to: string): string | null {
    if (to === from || this.versions().includes(to)) return null;
    return `only memcached ${this.versions().join(', ') || '(none)'} is installed on this machine; a local node cannot run memcached ${to}`;
  }

  settingsProblem(settings: NodeSettings): string | null {
    return memcachedSettingsProblem(settings);
  }

  /** Replaces the node's settings; they take effect at its next start (they are command-line flags). */
  applySettings(dir: string, settings: NodeSettings): void {
    const config = readConfig(dir);
    writeWhole(join(dir, CONFIG), JSON.stringify({ ...config, settings }));
  }

  /** Idempotent: a prepared directory is left as it is. There is no data to create: memcached starts empty. */
  async prepare({ dir, port }: Pick<PrepareInput, 'dir' | 'port'>): Promise<void> {
    const file = join(dir, CONFIG);
    if (existsSync(file)) return;
    writeWhole(file, JSON.stringify({ port, settings: {} } satisfies NodeConfig));
  }

  /**
   * In the foreground (no -d), loopback only, no UDP (a DDoS amplifier when open), the pid file in
   * the node directory, so the directory is on the command line for the provider's pid check. Run
   * as root, memcached insists on -u; nodes run as the caller (as local Redis nodes do), so it is
   * told to stay root rather than drop to a user who cannot write the node directory.
   */
  command(dir: string): SpawnSpec {
    const { port, settings } = readConfig(dir);
    const args = ['-p', String(port), '-l', '127.0.0.1', '-U', '0', ...settingFlags(settings), '-P', join(dir, PID_FILE)];
    if (process.getuid?.() === 0) args.push('-u', 'root');
    return { file: 'memcached', args, cwd: dir, logFile: join(dir, 'server.log'), runAs: null };
  }

  /** memcached answers the text protocol's `version` once it accepts connections; it needs no password. */
  async answers(port: number): Promise<boolean> {
    return (await versionOverTcp(port)) !== null;
  }

  pidFromEngineFiles(dir: string): number | null {
    try {
      const pid = Number(readFileSync(join(dir, PID_FILE), 'utf8').trim());
      return Number.isInteger(pid) && pid > 0 ? pid : null;
    } catch {
      return null;
    }
  }
}
