/** Response shapes of the capacity endpoints (services/api/routes/capacity.ts). */

/** GET/POST /api/clusters/:ref/forecast */
export interface ForecastView {
  cluster: string;
  simulated: boolean;
  computedAt: string;
  method: 'holt-winters' | 'linear' | 'insufficient-history';
  resource: 'disk' | 'memory';
  fillNow: number;
  usedGb: number;
  capacityGb: number;
  dailyGrowthGb: number;
  daysLeft: number | null;
  exhaustionAt: string | null;
  earliestAt: string | null;
  latestAt: string | null;
  warningDays: number;
  atRisk: boolean;
  history: Array<{ at: string; usedGb: number }>;
  forecast: Array<{ at: string; usedGb: number; lowGb: number; highGb: number }>;
  ops: { peakPerSecond: number; limitPerSecond: number; limitAt: string | null };
  sla: { p99ReadMs: number; p99Ms: number | null };
}

/** POST /api/clusters/:ref/forecast/what-if */
export interface WhatIfAnswer {
  sufficientUntil: string | null;
  daysLeft: number | null;
  scaleTo: null | { nodes?: number; instanceType?: string; by: string };
}

/** GET /api/capacity/at-risk */
export interface AtRiskCluster {
  cluster: string;
  engine: string;
  owner: string;
  daysLeft: number;
  exhaustionAt: string;
  earliestAt: string | null;
  latestAt: string | null;
  fillNow: number;
  simulated: boolean;
}
