import type { EngineName, Environment, MaintenanceWindow, Sla } from '../core/types';

/** What an application team states to get a cluster; everything else is best practice. */
export interface CreateClusterRequest {
  name: string;
  engine: EngineName;
  /** Team name or email. */
  owner: string;
  expectedDataGb: number;
  regions: string[];
  environment?: Environment;
  version?: string;
  contacts?: string[];
  sla?: Sla;
  maintenanceWindow?: MaintenanceWindow;
  tags?: Record<string, string>;
  /** Each commit waits for a replica (engines whose HA manager offers it; two nodes or more). */
  synchronousReplication?: boolean;
}

export interface UpdateClusterRequest {
  owner?: string;
  sla?: Sla;
  maintenanceWindow?: MaintenanceWindow | null;
  contacts?: string[];
  tags?: Record<string, string>;
}
