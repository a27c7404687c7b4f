/**
 * Hourly and daily metric rollups as rows: written by the metrics history (capacity/metrics) and
 * produced by the simulated provider's history backfill, so the shape lives in core, which both import.
 */
export interface NodeRollupRow {
  nodeId: string;
  clusterId: string;
  resolution: 'hour' | 'day';
  bucket: Date;
  samples: number;
  fillMax: number | null;
  diskUsedGbMax: number | null;
  memoryUsedGbMax: number | null;
  readsAvg: number | null;
  readsMax: number | null;
  writesAvg: number | null;
  writesMax: number | null;
  p99Avg: number | null;
  p99Max: number | null;
}

export interface ClusterRollupRow {
  clusterId: string;
  resolution: 'hour' | 'day';
  bucket: Date;
  samples: number;
  fillMax: number | null;
  usedGbMax: number | null;
  capacityGb: number | null;
  readsAvg: number | null;
  readsMax: number | null;
  writesAvg: number | null;
  writesMax: number | null;
  p99Max: number | null;
  nodeCount: number;
}
