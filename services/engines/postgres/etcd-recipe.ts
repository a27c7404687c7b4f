import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalFailoverRecipe, LocalNodeManager, SpawnSpec } from '../engine';

const has = (binary: string) => spawnSync('sh', ['-c', `command -v ${binary}`], { timeout: 5000 }).status === 0;

async function etcdAnswers(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** The zones a cluster's nodes must span for its store to have three members (one per zone) rather than one. */
export const ZONES_FOR_THREE_MEMBERS = 3;

/**
 * Patroni's store for one local cluster: etcd (Debian's etcd-server), each member on two free ports
 * of its own, owned like the sentinels (a record beside its files, started detached, killed with
 * the cluster). A cluster whose nodes span three or more zones gets three members, one per zone,
 * which keep a quorum of two when one is lost; a cluster in fewer zones gets one. Patroni speaks
 * etcd's v3 API through its JSON gateway, which etcd 3.4 serves on the client port. The nodes
 * themselves run under Patroni (`nodeManager`).
 */
export class PatroniStoreRecipe implements LocalFailoverRecipe {
  readonly kind = 'patroni' as const;
  readonly stopSignal = 'SIGTERM' as const;
  private found: boolean | undefined;

  constructor(
    readonly nodeManager: LocalNodeManager,
    /** The programs looked for on PATH (another name stands for a machine without one). */
    private readonly programs: { patroni: string; etcd: string } = { patroni: 'patroni', etcd: 'etcd' },
  ) {}

  missing(): string | null {
    const missing = [
      has(this.programs.patroni) ? null : `${this.programs.patroni} (Debian package patroni)`,
      has(this.programs.etcd) ? null : `${this.programs.etcd} (Debian package etcd-server)`,
    ];
    this.found ??= missing.every((m) => m === null);
    return this.found
      ? null
      : `${missing.filter((m) => m !== null).join(' and ')} not installed on this machine: the cluster runs without automatic failover`;
  }

  size(zones: number): { members: number; quorum: number } {
    return zones >= ZONES_FOR_THREE_MEMBERS ? { members: 3, quorum: 2 } : { members: 1, quorum: 1 };
  }

  /** Writes the member's configuration once: every member's peer port is known before the first is written. */
  prepare({ dir, port, peerPort, index, peerPorts }: Parameters<LocalFailoverRecipe['prepare']>[0]): void {
    const conf = join(dir, 'etcd.conf.yml');
    if (existsSync(conf)) return;
    const client = `http://127.0.0.1:${port}`;
    const peer = `http://127.0.0.1:${peerPort}`;
    // A lone member keeps the name it always had; members of a three-member store are told apart by their place.
    const name = (i: number) => (peerPorts.length > 1 ? `store-${i}` : 'store');
    const config = {
      name: name(index),
      'data-dir': join(dir, 'data'),
      'listen-client-urls': client,
      'advertise-client-urls': client,
      'listen-peer-urls': peer,
      'initial-advertise-peer-urls': peer,
      'initial-cluster': peerPorts.map((p, i) => `${name(i)}=http://127.0.0.1:${p}`).join(','),
      'initial-cluster-state': 'new',
      // Patroni's etcd3 client speaks the v3 API through the JSON gateway, which a config file must turn on.
      'enable-grpc-gateway': true,
      'log-level': 'warn',
    };
    writeFileSync(`${conf}.tmp`, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
    renameSync(`${conf}.tmp`, conf);
  }

  command(dir: string): SpawnSpec {
    return {
      file: this.programs.etcd,
      args: ['--config-file', join(dir, 'etcd.conf.yml')],
      cwd: dir,
      logFile: join(dir, 'etcd.log'),
      runAs: null,
    };
  }

  answers(port: number): Promise<boolean> {
    return etcdAnswers(port);
  }

  pidFromFiles(): number | null {
    return null; // etcd writes no pid file; the recorded pid, checked against its command line, is the one
  }
}
