import { startDatafleet, type RunningDatafleet } from '../../services/app/app';
import { createBenchEnvironment, type BenchEnvironment } from '../lib/bench-app';

/** A cluster as `GET /api/clusters/:ref` shows it, the parts the benchmark reads. */
export interface ClusterDetail {
  id: string;
  name: string;
  status: string;
  statusReason: string | null;
  version: string;
  nodes: Array<{ name: string; role: string; host: string | null; port: number | null; state: string }>;
}

interface Operation {
  id: string;
  status: string;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  steps: Array<{ name: string; startedAt: string | null; finishedAt: string | null }>;
}

export interface BackupRow {
  id: string;
  status: string;
  label: string | null;
  sizeBytes: number | null;
  storedBytes: number | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** How long something took as the caller saw it, and as the operation recorded it. */
export interface Timed<T> {
  result: T;
  /** Request sent → the caller saw it end (polled every POLL_MS). */
  wallSeconds: number;
  /** The operation's own record: created → finished. */
  operationSeconds: number;
  /** Each step's recorded duration. */
  stepSeconds: Record<string, number>;
}

const POLL_MS = 100;
const seconds = (from: string | null, to: string | null) => (from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : NaN);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The benchmark's own Datafleet (API and worker in this process) on a database, Redis prefix and
 * data directory of this run's own, driven only through its HTTP API. `stopControlPlane` stops the
 * API and worker but leaves the local nodes serving (as a real region's would), so a phase can
 * fail a node without the control plane remediating it.
 */
export class BenchControlPlane {
  private constructor(
    private running: RunningDatafleet | null,
    readonly env: BenchEnvironment,
    readonly remove: () => Promise<void>,
    private readonly url: string,
    private readonly token: string,
  ) {}

  static async start(): Promise<BenchControlPlane> {
    let running: RunningDatafleet | null = null;
    const holder: { plane?: BenchControlPlane } = {};
    const { env, remove } = await createBenchEnvironment('backup', async () => holder.plane?.stopControlPlane() ?? running?.stop());
    running = await startDatafleet({
      roles: ['api', 'worker'],
      // Scheduled backups and maintenance would compete with the ones measured.
      config: { ...env.config, backupScanEveryMs: 3_600_000, maintenanceScanEveryMs: 3_600_000 },
    });
    holder.plane = new BenchControlPlane(running, env, remove, running.url, running.adminToken);
    return holder.plane;
  }

  async stopControlPlane(): Promise<void> {
    const running = this.running;
    this.running = null;
    await running?.stop();
  }

  async api<T>(path: string, init: { method?: string; json?: unknown } = {}): Promise<T> {
    const res = await fetch(`${this.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${this.token}`, ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
    });
    const body = (await res.json()) as T;
    if (res.status >= 400) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  }

  cluster(name: string): Promise<ClusterDetail> {
    return this.api<ClusterDetail>(`/api/clusters/${name}`);
  }

  /** Creates a local-region cluster and waits until it is ACTIVE. */
  async createCluster(name: string, engine: string, expectedDataGb: number): Promise<ClusterDetail> {
    await this.api('/api/clusters', {
      method: 'POST',
      json: { name, engine, owner: 'platform', expectedDataGb, regions: ['local'], environment: 'test' },
    });
    return this.untilActive(name, 300_000);
  }

  async untilActive(name: string, timeoutMs: number): Promise<ClusterDetail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const cluster = await this.cluster(name).catch(() => null);
      if (cluster?.status === 'ACTIVE') return cluster;
      if (cluster?.status === 'FAILED') throw new Error(`cluster ${name} failed: ${cluster.statusReason}`);
      if (Date.now() > deadline) throw new Error(`cluster ${name} not ACTIVE within ${timeoutMs} ms`);
      await sleep(POLL_MS);
    }
  }

  /** A full backup through the `backup` operation, end to end: request → operation succeeded. */
  async backUp(cluster: string, kind?: string): Promise<Timed<BackupRow>> {
    const started = performance.now();
    const { backup, operation } = await this.api<{ backup: BackupRow; operation: Operation }>(`/api/clusters/${cluster}/backups`, {
      method: 'POST',
      json: kind ? { kind } : {},
    });
    const op = await this.untilFinished(operation.id, 6 * 3600_000);
    const wallSeconds = (performance.now() - started) / 1000;
    return { result: await this.api<BackupRow>(`/api/backups/${backup.id}`), wallSeconds, ...recorded(op) };
  }

  /** A restore into a new cluster: request → the clone is ACTIVE (its primary restored and serving, its replicas copied). */
  async restore(source: string, body: { name: string; backupId?: string; to?: string }): Promise<Timed<ClusterDetail>> {
    const started = performance.now();
    const { operation } = await this.api<{ operation: Operation }>(`/api/clusters/${source}/restore`, { method: 'POST', json: body });
    const op = await this.untilFinished(operation.id, 6 * 3600_000);
    const wallSeconds = (performance.now() - started) / 1000;
    return { result: await this.untilActive(body.name, 60_000), wallSeconds, ...recorded(op) };
  }

  private async untilFinished(id: string, timeoutMs: number): Promise<Operation> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const op = await this.api<Operation>(`/api/operations/${id}`);
      if (op.status === 'succeeded') return op;
      if (['failed', 'cancelled', 'rolled_back'].includes(op.status)) throw new Error(`operation ${id} ${op.status}: ${op.error}`);
      if (Date.now() > deadline) throw new Error(`operation ${id} still ${op.status} after ${timeoutMs} ms`);
      await sleep(POLL_MS);
    }
  }
}

function recorded(op: Operation): { operationSeconds: number; stepSeconds: Record<string, number> } {
  return {
    operationSeconds: seconds(op.createdAt, op.finishedAt),
    stepSeconds: Object.fromEntries(op.steps.map((s) => [s.name, seconds(s.startedAt, s.finishedAt)])),
  };
}
