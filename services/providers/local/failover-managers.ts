import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FailoverManagerInfo } from '../../core/types';
import type { LocalFailoverRecipe } from '../../core/engine-port';
import type { FailoverManagerRequest } from '../provider';
import { isNodeProcess, spawnDetached, terminate } from './processes';
import { pickFreePort } from './ports';
import { newSecret } from '../../core/ids';

/** Beside the nodes in the data root: <dataRoot>/.failover/<cluster id>/<manager>-<i>/. */
export const FAILOVER_DIR = '.failover';
const STOP_GRACE_MS = 5_000;
/** Long enough for three etcd members on a loaded machine to find each other and elect a leader. */
const START_WAIT_MS = 30_000;

interface ManagerRecord {
  clusterId: string;
  kind: FailoverManagerInfo['kind'];
  masterName: string;
  quorum: number;
  /** How many members the cluster's manager has (fixed when made); absent on records made before it was kept. */
  members?: number;
  port: number;
  /** A second port (etcd's peer port); absent on records of managers that need none. */
  peerPort?: number;
  zone: string;
  pid: number | null;
  /** The login of a manager that runs the nodes (Patroni's own superuser), made once per cluster. */
  secret?: string;
  /** Whether a manager that runs the nodes makes a commit wait for a synchronous replica. */
  synchronous?: boolean;
}

/** What a node handed to a manager that runs it needs of the cluster's manager. */
export interface NodeManagerInput {
  scope: string;
  stores: { host: string; port: number }[];
  secret: string;
  synchronous: boolean;
}

/**
 * The HA manager's processes of each local cluster (three Redis Sentinels, one per zone of the
 * cluster's nodes, quorum 2; one etcd member, or three, one per zone, across three zones), owned like nodes: a record beside each one's files, a port recorded
 * before it starts (a retry reuses it), started detached so it outlives the control plane, and
 * killed with its directory when the cluster goes.
 */
export class FailoverManagers {
  constructor(
    private readonly dataRoot: string,
    private readonly allRecordedPorts: () => Set<number>,
  ) {}

  private clusterDir(clusterId: string): string {
    return join(this.dataRoot, FAILOVER_DIR, clusterId);
  }

  private records(clusterId: string): { dir: string; record: ManagerRecord }[] {
    const root = this.clusterDir(clusterId);
    if (!existsSync(root)) return [];
    return readdirSync(root)
      .sort()
      .flatMap((entry) => {
        const dir = join(root, entry);
        try {
          return [{ dir, record: JSON.parse(readFileSync(join(dir, 'manager.json'), 'utf8')) as ManagerRecord }];
        } catch {
          return [];
        }
      });
  }

  /** The clusters that have manager processes here. */
  clusters(): string[] {
    const root = join(this.dataRoot, FAILOVER_DIR);
    return existsSync(root) ? readdirSync(root) : [];
  }

  /** Every port a manager has recorded: node ports are picked around them. */
  recordedPorts(): Set<number> {
    const root = join(this.dataRoot, FAILOVER_DIR);
    if (!existsSync(root)) return new Set();
    return new Set(readdirSync(root).flatMap((id) => this.records(id).flatMap((r) => [r.record.port, r.record.peerPort ?? r.record.port])));
  }

  private write(dir: string, record: ManagerRecord): void {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'manager.json');
    writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }

  private livePid(recipe: LocalFailoverRecipe, dir: string, record: ManagerRecord): number | null {
    const marker = `${dir}/`;
    if (isNodeProcess(record.pid, marker)) return record.pid;
    const fromFiles = recipe.pidFromFiles(dir);
    return isNodeProcess(fromFiles, marker) ? fromFiles : null;
  }

  /**
   * Idempotent: what exists is kept (its configuration is the manager's own memory), what is missing
   * is made and started. Every member gets its ports (recorded) before any is configured, since a
   * member's configuration names its peers (etcd's initial cluster).
   */
  async ensure(recipe: LocalFailoverRecipe, request: FailoverManagerRequest): Promise<FailoverManagerInfo> {
    const made = this.records(request.clusterId);
    const sized = recipe.size(request.zones.length);
    // A store's size is fixed when it is made: a member added later to a running etcd would not join it.
    const count = made[0]?.record.members ?? (made.length > 0 ? made.length : sized.members);
    const quorum = made[0]?.record.quorum ?? sized.quorum;
    const masterName = request.clusterName;
    const members: { dir: string; record: ManagerRecord }[] = [];
    for (let i = 0; i < count; i += 1) {
      const dir = join(this.clusterDir(request.clusterId), `${recipe.kind}-${i}`);
      const existing = made.find((r) => r.dir === dir)?.record;
      const taken = new Set([...this.allRecordedPorts(), ...this.recordedPorts()]);
      const port = existing?.port ?? (await pickFreePort(taken));
      const record: ManagerRecord = existing ?? {
        clusterId: request.clusterId,
        kind: recipe.kind,
        masterName,
        quorum,
        members: count,
        port,
        peerPort: await pickFreePort(new Set([...taken, port])),
        zone: request.zones[i % Math.max(1, request.zones.length)] ?? 'local',
        pid: null,
        ...(recipe.nodeManager ? { secret: newSecret(), synchronous: request.synchronous === true } : {}),
      };
      if (!existing) this.write(dir, record);
      members.push({ dir, record });
    }
    const peerPorts = members.map(({ record }) => record.peerPort ?? record.port);
    for (const [index, { dir, record }] of members.entries()) {
      const peerPort = peerPorts[index]!;
      recipe.prepare({
        dir,
        port: record.port,
        peerPort,
        index,
        peerPorts,
        masterName,
        primary: request.primary,
        password: request.password,
        quorum,
      });
      const pid = this.livePid(recipe, dir, record) ?? spawnDetached({ ...recipe.command(dir), logFile: join(dir, `${recipe.kind}.log`) });
      this.write(dir, { ...record, pid });
    }
    const deadline = Date.now() + START_WAIT_MS;
    for (const { record } of this.records(request.clusterId)) {
      while (!(await recipe.answers(record.port))) {
        if (Date.now() > deadline) throw new Error(`${recipe.kind} on port ${record.port} did not answer within ${START_WAIT_MS} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    return this.describe(request.clusterId)!;
  }

  /** For a manager that runs the nodes: its scope, its store's addresses and its own login; null when the cluster has none. */
  nodeManagerInput(clusterId: string): NodeManagerInput | null {
    const records = this.records(clusterId).map((r) => r.record);
    const first = records[0];
    if (!first?.secret) return null;
    return {
      scope: first.masterName,
      stores: records.map((r) => ({ host: '127.0.0.1', port: r.port })),
      secret: first.secret,
      synchronous: first.synchronous === true,
    };
  }

  describe(clusterId: string): FailoverManagerInfo | null {
    const records = this.records(clusterId).map((r) => r.record);
    const first = records[0];
    if (!first) return null;
    return {
      kind: first.kind,
      masterName: first.masterName,
      quorum: first.quorum,
      endpoints: records.map((r) => ({ host: '127.0.0.1', port: r.port, zone: r.zone })),
    };
  }

  /** The pids of a cluster's running managers (tests and benchmarks kill them to take quorum away). */
  pids(recipe: LocalFailoverRecipe, clusterId: string): number[] {
    return this.records(clusterId).flatMap(({ dir, record }) => {
      const pid = this.livePid(recipe, dir, record);
      return pid ? [pid] : [];
    });
  }

  async destroy(recipe: LocalFailoverRecipe | undefined, clusterId: string): Promise<void> {
    for (const { dir, record } of this.records(clusterId)) {
      const pid = recipe ? this.livePid(recipe, dir, record) : null;
      if (pid) await terminate(pid, recipe!.stopSignal, STOP_GRACE_MS);
    }
    rmSync(this.clusterDir(clusterId), { recursive: true, force: true });
  }
}
