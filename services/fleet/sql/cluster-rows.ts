import type { ClusterRecord } from '../cluster-record';
import type {
  ClusterOrigin,
  FailoverManagerInfo,
  ClusterSpec,
  ClusterStatus,
  EngineName,
  Environment,
  MaintenanceWindow,
  Sla,
} from '../../core/types';

export interface ClusterRow {
  id: string;
  name: string;
  engine: EngineName;
  environment: Environment;
  regions: string[];
  owner_team_id: string;
  owner_team_name: string;
  contacts: string[];
  expected_data_gb: number;
  spec: ClusterSpec;
  version: string;
  instance_type: string;
  node_count: number;
  monthly_cost_usd: number;
  oldest_node_at: Date | null;
  status: ClusterStatus;
  status_reason: string | null;
  sla: Sla;
  maintenance_window: MaintenanceWindow | null;
  tags: Record<string, string>;
  simulated: boolean;
  origin: ClusterOrigin | null;
  failover_manager: FailoverManagerInfo | null;
  failover_note: string | null;
  created_at: Date;
  updated_at: Date;
}

/** A cluster plus the inventory's derived columns. */
export const clusterColumns = 'c.*, t.name AS owner_team_name';
export const clusterFrom = 'clusters c JOIN teams t ON t.id = c.owner_team_id';
export const clusterSelect = `SELECT ${clusterColumns} FROM ${clusterFrom}`;

export type { ClusterRecord };

export function toCluster(r: ClusterRow): ClusterRecord {
  return {
    id: r.id,
    name: r.name,
    engine: r.engine,
    environment: r.environment,
    regions: r.regions,
    ownerTeamId: r.owner_team_id,
    ownerTeamName: r.owner_team_name,
    contacts: r.contacts,
    expectedDataGb: r.expected_data_gb,
    spec: r.spec,
    status: r.status,
    statusReason: r.status_reason,
    sla: r.sla,
    maintenanceWindow: r.maintenance_window,
    tags: r.tags,
    simulated: r.simulated,
    origin: r.origin,
    failoverManager: r.failover_manager,
    failoverNote: r.failover_note,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    nodeCount: r.node_count,
    monthlyCostUsd: r.monthly_cost_usd,
    oldestNodeAt: r.oldest_node_at,
  };
}
