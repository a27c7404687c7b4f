import type { Pool } from '../../../infra/db/pool';
import { withTransaction } from '../../../infra/db/pool';
import { NotFoundError } from '../../../core/errors';
import type { NodeRequest } from '../../provider';
import type { InstancePlan } from '../instance-plan';
import type { Change } from '../lifecycle';
import type { SimInstanceRow } from '../rows';
import { addEvent, dropFutureEvents } from './sim-events';

/** The simulated cloud's instances in sim_instances (migrations/002_simulator.sql). */
export class SimInstances {
  constructor(private readonly pool: Pool) {}

  /**
   * Launches a node unless its name is taken by a live one; a terminated name launches afresh.
   * Its retirement notice, if the plan has one, is written ahead in the same transaction.
   */
  async launch(request: NodeRequest, plan: InstancePlan): Promise<void> {
    await withTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query(
        `INSERT INTO sim_instances AS i (provider_id, name, cluster_id, region, zone, engine, version, instance_type, role, host, port,
           kernel_version, data_gb, launched_at, ready_at, retirement_at)
         VALUES ($1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         ON CONFLICT (name) DO UPDATE SET cluster_id = $2, region = $3, zone = $4, engine = $5, version = $6, instance_type = $7, role = $8,
           host = $9, port = $10, kernel_version = $11, data_gb = $12, launched_at = $13, ready_at = $14, retirement_at = $15,
           stopped = false, failure = NULL, failed_at = NULL, terminated_at = NULL
         WHERE i.terminated_at IS NOT NULL`,
        [
          request.name,
          request.clusterId,
          request.region,
          request.zone,
          request.engine,
          request.version,
          request.instanceType,
          request.role,
          plan.host,
          plan.port,
          plan.kernelVersion,
          request.dataGb,
          plan.launchedAt,
          plan.readyAt,
          plan.retirement?.deadline ?? null,
        ],
      );
      if (rowCount && plan.retirement) {
        const { noticeAt: at, deadline } = plan.retirement;
        await addEvent(client, {
          providerId: request.name,
          type: 'retirement_scheduled',
          at,
          deadline,
          detail: 'the underlying hardware is degraded',
        });
      }
    });
  }

  async get(providerId: string): Promise<SimInstanceRow | null> {
    const { rows } = await this.pool.query<SimInstanceRow>('SELECT * FROM sim_instances WHERE provider_id = $1', [providerId]);
    return rows[0] ?? null;
  }

  /** Sets the node's disk to `diskGb` unless it is already at least that; returns the disk it has. */
  async growDisk(providerId: string, diskGb: number, typeDiskGb: number): Promise<number> {
    const { rows } = await this.pool.query<{ disk_gb: string }>(
      `UPDATE sim_instances SET disk_gb = GREATEST(COALESCE(disk_gb, $3::numeric), $2::numeric)
        WHERE provider_id = $1 AND terminated_at IS NULL RETURNING disk_gb`,
      [providerId, diskGb, typeDiskGb],
    );
    if (!rows[0]) throw new NotFoundError('simulated node', providerId);
    return Number(rows[0].disk_gb);
  }

  async list(clusterId: string | null): Promise<SimInstanceRow[]> {
    const { rows } = await this.pool.query<SimInstanceRow>(
      'SELECT * FROM sim_instances WHERE ($1::uuid IS NULL OR cluster_id = $1) ORDER BY name',
      [clusterId],
    );
    return rows;
  }

  /**
   * Reads a live node under a row lock, applies what `decide` says and records its events, in one
   * transaction, so two processes acting on one node at once apply their changes one after the other.
   */
  async change(providerId: string, now: Date, decide: (row: SimInstanceRow) => Change): Promise<SimInstanceRow> {
    return withTransaction(this.pool, async (client) => {
      const { rows } = await client.query<SimInstanceRow>('SELECT * FROM sim_instances WHERE provider_id = $1 FOR UPDATE', [providerId]);
      const row = rows[0];
      if (!row || row.terminated_at) throw new NotFoundError('simulated node', providerId);
      const { set = {}, events = [], dropFuture } = decide(row);
      const columns = Object.keys(set); // keys of SimInstanceRow chosen in code, never from input
      if (columns.length > 0) {
        await client.query(`UPDATE sim_instances SET ${columns.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE provider_id = $1`, [
          providerId,
          ...Object.values(set),
        ]);
      }
      if (dropFuture) await dropFutureEvents(client, providerId, now, dropFuture);
      for (const event of events) await addEvent(client, { providerId, ...event });
      return { ...row, ...set };
    });
  }

  /** Idempotent; whatever the node still had coming (a notice, a recovery) is dropped with it. */
  async terminate(providerId: string, now: Date): Promise<void> {
    await withTransaction(this.pool, async (client) => {
      await client.query('UPDATE sim_instances SET terminated_at = COALESCE(terminated_at, $2) WHERE provider_id = $1', [providerId, now]);
      await dropFutureEvents(client, providerId, now);
    });
  }
}
