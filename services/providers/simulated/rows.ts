import type { EngineName, NodeState } from '../../domain/types';
import type { ProviderNode } from '../provider';

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
  launched_at: Date;
  ready_at: Date;
  stopped: boolean;
  failure: string | null;
  failed_at: Date | null;
  retirement_at: Date | null;
  terminated_at: Date | null;
}

/** A simulated node's state follows from its timestamps and flags at the moment it is read. */
export function stateAt(row: SimInstanceRow, now: Date): NodeState {
  if (row.terminated_at) return 'terminated';
  if (row.failure === 'crash') return 'failed';
  if (row.stopped) return 'stopped';
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
    simulated: true,
  };
}
