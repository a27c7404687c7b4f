import type { EngineName, NodeState } from '../../core/types';
import type { ProviderNode } from '../provider';

export const FailureKinds = ['crash', 'disk_full', 'network_partition'] as const;
export type FailureKind = (typeof FailureKinds)[number];

/** A row of sim_instances (migrations/002_simulator.sql). */
export interface SimInstanceRow {
  provider_id: string;
  name: string;
  cluster_id: string;
  region: string;
  zone: string;
  engine: EngineName;
  version: string;
  instance_type: string;
  role: string;
  host: string;
  port: number;
  kernel_version: string;
  data_gb: number;
  /** The disk when it was grown beyond the instance type's; null: the type's own. */
  disk_gb?: number | string | null;
  launched_at: Date;
  /** When the current boot (launch, start or reboot) completes. */
  ready_at: Date;
  stopped: boolean;
  failure: FailureKind | null;
  failed_at: Date | null;
  /** When the provider stops the node itself (retirement deadline). */
  retirement_at: Date | null;
  terminated_at: Date | null;
}

/**
 * A simulated node's state follows from its timestamps and flags at the moment it is read, so every
 * process computes the same answer and nothing has to tick. A retired node reads 'stopped' (the
 * provider stopped it); a disk_full or partitioned node still runs (it shows in its metrics).
 */
export function stateAt(row: SimInstanceRow, now: Date): NodeState {
  if (row.terminated_at) return 'terminated';
  if (row.stopped) return 'stopped';
  if (row.retirement_at && row.retirement_at <= now) return 'stopped';
  if (row.failure === 'crash') return 'failed';
  return now < row.ready_at ? 'pending' : 'running';
}

export function toProviderNode(row: SimInstanceRow, now: Date): ProviderNode {
  return {
    providerId: row.provider_id,
    name: row.name,
    region: row.region,
    zone: row.zone,
    host: row.host,
    port: row.port,
    state: stateAt(row, now),
    engine: row.engine,
    softwareVersion: row.version,
    kernelVersion: row.kernel_version,
    instanceType: row.instance_type,
    launchedAt: row.launched_at,
  };
}
