import type { NodeRequest } from '../provider';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineName, NodeRole } from '../../core/types';

/**
 * What the local provider remembers of a node, in <dataRoot>/<name>/node.json: enough for any
 * control-plane process on this machine to find, describe, restart and destroy it. Never a password.
 */
export interface LocalNodeRecord {
  name: string;
  clusterId: string;
  clusterName: string;
  engine: EngineName;
  role: NodeRole;
  /** The node a replica was copied from and follows. */
  primary: { host: string; port: number } | null;
  region: string;
  zone: string;
  /** A label here: every local node shares this machine's hardware. */
  instanceType: string;
  version: string;
  /** Configuration set by changeNode, written into the engine's config file; absent on older records. */
  settings?: Record<string, string | number | boolean>;
  /**
   * The disk quota a grow-storage operation recorded. Every local node shares this machine's one
   * filesystem, so growing it grows nothing physical: it is the size the node is planned against.
   */
  diskQuotaGb?: number;
  port: number;
  /** The API port of the HA manager that runs this node (Patroni's REST API); absent when none does. */
  apiPort?: number;
  /** Of the last server process started; null until the first start. */
  pid: number | null;
  /** Stopped on purpose (stopNode), as opposed to died. */
  stopped: boolean;
  launchedAt: string;
  startedAt: string | null;
}

/** The one entry of the data root that is not a node: per-node lock files. */
export const LOCKS_DIR = '.locks';

export class NodeFiles {
  constructor(readonly dataRoot: string) {}

  dir(name: string): string {
    return join(this.dataRoot, name);
  }

  read(name: string): LocalNodeRecord | null {
    const file = join(this.dir(name), 'node.json');
    if (!existsSync(file)) return null;
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as LocalNodeRecord;
    } catch {
      return null; // unreadable: treated as never created; a create retry writes it again
    }
  }

  /** Written to a temp file and renamed, so a crash never leaves half a record. */
  write(record: LocalNodeRecord): void {
    mkdirSync(this.dir(record.name), { recursive: true });
    const file = join(this.dir(record.name), 'node.json');
    writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
  }

  all(): LocalNodeRecord[] {
    if (!existsSync(this.dataRoot)) return [];
    return readdirSync(this.dataRoot)
      .filter((entry) => entry !== LOCKS_DIR)
      .map((name) => this.read(name))
      .filter((r): r is LocalNodeRecord => r !== null)
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}

/** The record of a node about to be made: its port chosen, not started yet. */
export function newNodeRecord(request: NodeRequest, version: string, port: number, now: Date): LocalNodeRecord {
  return {
    name: request.name,
    clusterId: request.clusterId,
    clusterName: request.clusterName,
    engine: request.engine,
    role: request.role,
    primary: request.role === 'replica' && request.primary ? { host: request.primary.host, port: request.primary.port } : null,
    region: request.region,
    zone: request.zone,
    instanceType: request.instanceType,
    version,
    port,
    pid: null,
    stopped: false,
    launchedAt: now.toISOString(),
    startedAt: null,
  };
}
