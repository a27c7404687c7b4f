import type { Pool } from '../../db/pool';
import type { Clock } from '../../platform/clock';
import type { EngineName } from '../../domain/types';
import type { NodeRequest, Provider, ProviderEvent, ProviderEventType, ProviderNode } from '../provider';
import { NotFoundError } from '../../platform/errors';
import { between, fakeHost, kernelFor } from './randomness';
import { toProviderNode, type SimInstanceRow } from './rows';
import { metricsFor, type SimulatedMetrics } from './metrics';

export interface SimulatedProviderOptions {
  pool: Pool;
  seed: number;
  /** Simulated seconds per real second. */
  timeScale: number;
  clock: Clock;
  /** Disk size per instance type, for metrics. */
  diskGb: (instanceType: string) => number;
}

const defaultPorts: Record<EngineName, number> = { cassandra: 9042, elasticsearch: 9200, redis: 6379, postgres: 5432 };
export const FailureKinds = ['crash', 'disk_full', 'network_partition'] as const;
export type FailureKind = (typeof FailureKinds)[number];

/**
 * A deterministic cloud: nodes boot in 60-180 simulated seconds (seeded by node name), can be made
 * to fail, and receive retirement notices. Nothing real runs; every node reads simulated: true.
 */
export class SimulatedProvider implements Provider {
  readonly kind = 'simulated' as const;
  readonly simulated = true;

  constructor(private readonly options: SimulatedProviderOptions) {}

  supportsEngine(): boolean {
    return true;
  }

  async availableVersions(): Promise<string[] | null> {
    return null;
  }

  /** Real milliseconds for a span of simulated seconds. */
  private realMs(simulatedSeconds: number): number {
    return (simulatedSeconds * 1000) / this.options.timeScale;
  }

  async createNode(request: NodeRequest): Promise<ProviderNode> {
    const { seed, clock, pool } = this.options;
    const now = clock.now();
    const bootSeconds = between(seed, 60, 180, request.name, 'boot');
    await pool.query(
      `INSERT INTO sim_instances (provider_id, name, cluster_id, region, zone, engine, version, instance_type, role, host, port,
         kernel_version, data_gb, launched_at, ready_at)
       VALUES ($1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (name) DO NOTHING`,
      [request.name, request.clusterId, request.region, request.zone, request.engine, request.version, request.instanceType, request.role,
        fakeHost(seed, request.name), defaultPorts[request.engine], kernelFor(seed, request.name), request.dataGb, now,
        new Date(now.getTime() + this.realMs(bootSeconds))],
    );
    const node = await this.describeNode(request.name);
    if (!node) throw new Error(`simulated node ${request.name} vanished while being created`);
    return node;
  }

  private async row(providerId: string): Promise<SimInstanceRow | null> {
    const { rows } = await this.options.pool.query<SimInstanceRow>('SELECT * FROM sim_instances WHERE provider_id = $1', [providerId]);
    return rows[0] ?? null;
  }

  private async mustRow(providerId: string): Promise<SimInstanceRow> {
    const row = await this.row(providerId);
    if (!row || row.terminated_at) throw new NotFoundError('simulated node', providerId);
    return row;
  }

  async describeNode(providerId: string): Promise<ProviderNode | null> {
    const row = await this.row(providerId);
    return row ? toProviderNode(row, this.options.clock.now()) : null;
  }

  private async update(providerId: string, sql: string, params: unknown[] = []): Promise<ProviderNode> {
    await this.mustRow(providerId);
    await this.options.pool.query(`UPDATE sim_instances SET ${sql} WHERE provider_id = $1`, [providerId, ...params]);
    return (await this.describeNode(providerId))!;
  }

  startNode(providerId: string): Promise<ProviderNode> {
    return this.update(providerId, 'stopped = false, ready_at = GREATEST(ready_at, $2)', [this.afterSeconds(20)]);
  }

  stopNode(providerId: string): Promise<ProviderNode> {
    return this.update(providerId, 'stopped = true');
  }

  /** A reboot clears a crash after a simulated 30-second restart. */
  async restartNode(providerId: string): Promise<ProviderNode> {
    const row = await this.mustRow(providerId);
    const node = await this.update(providerId, "stopped = false, failure = CASE WHEN failure = 'crash' THEN NULL ELSE failure END, ready_at = $2", [this.afterSeconds(30)]);
    if (row.failure === 'crash') await this.event(providerId, 'node_recovered', 'restarted after a crash');
    return node;
  }

  async destroyNode(providerId: string): Promise<void> {
    await this.options.pool.query('UPDATE sim_instances SET terminated_at = COALESCE(terminated_at, $2) WHERE provider_id = $1', [providerId, this.options.clock.now()]);
  }

  async listNodes(filter: { clusterId?: string } = {}): Promise<ProviderNode[]> {
    const { rows } = await this.options.pool.query<SimInstanceRow>(
      'SELECT * FROM sim_instances WHERE ($1::uuid IS NULL OR cluster_id = $1) ORDER BY name',
      [filter.clusterId ?? null],
    );
    const now = this.options.clock.now();
    return rows.map((r) => toProviderNode(r, now));
  }

  async events(since: Date): Promise<ProviderEvent[]> {
    const { rows } = await this.options.pool.query<{ provider_id: string; type: ProviderEventType; at: Date; deadline: Date | null; detail: string }>(
      'SELECT provider_id, type, at, deadline, detail FROM sim_events WHERE at > $1 ORDER BY id',
      [since],
    );
    return rows.map((r) => ({ type: r.type, providerId: r.provider_id, at: r.at, ...(r.deadline ? { deadline: r.deadline } : {}), detail: r.detail }));
  }

  async injectFailure(providerId: string, kind: FailureKind): Promise<ProviderNode> {
    const node = await this.update(providerId, 'failure = $2, failed_at = $3', [kind, this.options.clock.now()]);
    await this.event(providerId, 'node_failed', `injected failure: ${kind}`);
    return node;
  }

  clearFailure(providerId: string): Promise<ProviderNode> {
    return this.update(providerId, 'failure = NULL, failed_at = NULL');
  }

  /** Like a cloud provider's notice: the node will be stopped by the provider at `deadline`. */
  async scheduleRetirement(providerId: string, deadline: Date): Promise<void> {
    await this.update(providerId, 'retirement_at = $2', [deadline]);
    await this.event(providerId, 'retirement_scheduled', 'underlying hardware is degraded', deadline);
  }

  async metrics(providerId: string): Promise<SimulatedMetrics> {
    const row = await this.mustRow(providerId);
    return metricsFor(row, this.options.seed, this.options.clock.now(), this.options.diskGb(row.instance_type));
  }

  private afterSeconds(simulatedSeconds: number): Date {
    return new Date(this.options.clock.now().getTime() + this.realMs(simulatedSeconds));
  }

  private async event(providerId: string, type: ProviderEventType, detail: string, deadline?: Date): Promise<void> {
    await this.options.pool.query('INSERT INTO sim_events (provider_id, type, at, deadline, detail) VALUES ($1, $2, $3, $4, $5)', [
      providerId, type, this.options.clock.now(), deadline ?? null, detail,
    ]);
  }

  async close(): Promise<void> {}
}
