import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalFailoverRecipe, SpawnSpec } from '../engine';
import { readPid } from '../local-config';
import { firstReply } from '../wire-reply';

/**
 * Sentinel's timing on one machine: a primary silent for 2 s is down for a sentinel; the quorum
 * agrees within a second or two and the elected leader promotes the best replica. A failed election
 * is retried after twice the failover timeout.
 */
export const SENTINEL_DOWN_AFTER_MS = 2000;
export const SENTINEL_FAILOVER_TIMEOUT_MS = 10_000;

/** Debian's redis-sentinel (package redis-sentinel); the same server, started in sentinel mode. */
const SENTINEL_BINARY = 'redis-sentinel';

const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Sentinel answers PING with +PONG, or -NOAUTH: it asks for the cluster password like the nodes. */
async function sentinelAnswers(port: number): Promise<boolean> {
  const reply = (await firstReply(port, Buffer.from('PING\r\n'), (r) => r.includes(0x0a), 1000))?.toString() ?? '';
  return reply.startsWith('+PONG') || reply.startsWith('-NOAUTH');
}

/**
 * One Redis Sentinel process of a local cluster. Sentinel rewrites its own configuration file as it
 * learns (the other sentinels, the replicas, a new primary), so the file is its memory across
 * restarts and prepare() never rewrites it once written.
 */
export class SentinelRecipe implements LocalFailoverRecipe {
  readonly kind = 'sentinel' as const;
  readonly stopSignal = 'SIGTERM' as const;
  /** Three sentinels, one per zone of the cluster's nodes as far as they go. */
  size(): { members: number; quorum: number } {
    return { members: 3, quorum: 2 };
  }
  private found: boolean | undefined;

  missing(): string | null {
    this.found ??= spawnSync('sh', ['-c', `command -v ${SENTINEL_BINARY}`], { timeout: 5000 }).status === 0;
    return this.found
      ? null
      : `${SENTINEL_BINARY} is not installed on this machine (Debian package redis-sentinel): the cluster runs without automatic failover`;
  }

  prepare({ dir, port, masterName, primary, password, quorum }: Parameters<LocalFailoverRecipe['prepare']>[0]): void {
    const conf = join(dir, 'sentinel.conf');
    if (existsSync(conf)) return;
    const lines = [
      `port ${port}`,
      'bind 127.0.0.1',
      'protected-mode no', // loopback only, and a password is required
      'daemonize no',
      `dir ${quoted(dir)}`,
      `pidfile ${quoted(join(dir, 'sentinel.pid'))}`,
      `logfile ${quoted(join(dir, 'sentinel.log'))}`,
      // The node directory in the process title tells our sentinel from a process that reused its pid.
      'proc-title-template "{title} {listen-addr} {server-mode} {config-file}"',
      // Clients and the other sentinels give the cluster's password: SENTINEL FAILOVER is not for anyone on the machine.
      `requirepass ${quoted(password)}`,
      `sentinel sentinel-pass ${quoted(password)}`,
      `sentinel monitor ${masterName} ${primary.host} ${primary.port} ${quorum}`,
      `sentinel auth-pass ${masterName} ${quoted(password)}`,
      `sentinel down-after-milliseconds ${masterName} ${SENTINEL_DOWN_AFTER_MS}`,
      `sentinel failover-timeout ${masterName} ${SENTINEL_FAILOVER_TIMEOUT_MS}`,
      `sentinel parallel-syncs ${masterName} 1`,
    ];
    writeFileSync(`${conf}.tmp`, `${lines.join('\n')}\n`, { mode: 0o600 });
    renameSync(`${conf}.tmp`, conf);
  }

  command(dir: string): SpawnSpec {
    return { file: SENTINEL_BINARY, args: [join(dir, 'sentinel.conf')], cwd: dir, logFile: join(dir, 'sentinel.log'), runAs: null };
  }

  answers(port: number): Promise<boolean> {
    return sentinelAnswers(port);
  }

  pidFromFiles(dir: string): number | null {
    return readPid(join(dir, 'sentinel.pid'));
  }
}
