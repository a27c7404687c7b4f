import type { EngineName, Environment, MaintenanceWindow, NodeRole, Sla } from '../core/types';

/** One server of a cluster that already runs elsewhere. */
export interface AdoptedEndpoint {
  host: string;
  port: number;
  /** Where it matters (Redis, PostgreSQL): primary or replica; otherwise what the server reports, else the engine's layout. */
  role?: NodeRole;
  /** Default: the region's first zone. */
  zone?: string;
}

/** What the platform team states to adopt a running cluster; nothing is created or changed on its servers. */
export interface AdoptClusterRequest {
  name: string;
  engine: EngineName;
  /** Team name or email. */
  owner: string;
  /** A region bound to a provider that adopts servers (kind external in the regions file). */
  region: string;
  endpoints: AdoptedEndpoint[];
  /** The control plane's login on the servers: the engine's admin user (GET /api/engines), and its password. */
  credentials: { username?: string; password: string };
  environment?: Environment;
  /** Default: what the servers report. */
  version?: string;
  /** The size label closest to the servers (sizing and capacity figures); default: the engine's choice. */
  instanceType?: string;
  expectedDataGb?: number;
  contacts?: string[];
  sla?: Sla;
  maintenanceWindow?: MaintenanceWindow;
  tags?: Record<string, string>;
}
