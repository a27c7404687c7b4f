/** GET /api/fleet/health: one live cluster with its health (the server orders worst first). */
export interface FleetTile {
  id: string;
  name: string;
  engine: string;
  environment: string;
  regions: string[];
  owner: string;
  nodeCount: number;
  simulated: boolean;
  health: HealthState;
  score: number | null;
  causes: string[];
}

export const healthStates = ['unhealthy', 'degraded', 'unknown', 'healthy'] as const;
export type HealthState = (typeof healthStates)[number];
