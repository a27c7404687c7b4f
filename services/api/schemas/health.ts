import { Type, type Static } from '@sinclair/typebox';
import { Nullable, StringEnum } from './common';

/** The few facts of a snapshot kept per node for drill-down. */
export const RecentSnapshot = Type.Object({
  at: Type.Number({ description: 'epoch ms' }),
  up: Type.Boolean(),
  latencyMs: Type.Number(),
  memoryUsedPercent: Nullable(Type.Number()),
  diskUsedPercent: Nullable(Type.Number()),
  connections: Nullable(Type.Number()),
  replicationLagSeconds: Nullable(Type.Number()),
  errors: Nullable(Type.Number()),
});

/** GET /api/clusters/:ref/nodes/:node/health: the node's health and its recent snapshots. */
export const NodeHealthResponse = Type.Object({
  cluster: Type.String(),
  node: Type.String(),
  role: Type.String(),
  state: StringEnum(['healthy', 'degraded', 'unhealthy', 'unknown'] as const),
  score: Nullable(Type.Number()),
  causes: Type.Array(Type.String()),
  snapshots: Type.Array(RecentSnapshot, { description: 'recent snapshots, oldest first' }),
});

export type RecentSnapshotJson = Static<typeof RecentSnapshot>;
export type NodeHealthJson = Static<typeof NodeHealthResponse>;
