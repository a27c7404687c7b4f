import { Type } from '@sinclair/typebox';
import { StandardWorkloadNames } from '../../workload/standard';
import { WorkloadDefinition } from '../../workload/definition';
import { BenchmarkPhases } from '../../workload/benchmark-run';
import { Nullable, StringEnum, Timestamp } from './common';

export const RunBenchmarkBody = Type.Object(
  {
    workloads: Type.Optional(
      Type.Array(StringEnum(StandardWorkloadNames), {
        minItems: 1,
        maxItems: StandardWorkloadNames.length,
        uniqueItems: true,
        description: 'default: the whole standard set',
      }),
    ),
    durationSeconds: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 600, description: "measured seconds per workload; default: each workload's own" }),
    ),
  },
  { additionalProperties: false },
);

const LatencySummary = Type.Object({
  count: Type.Integer(),
  avg: Type.Number(),
  min: Type.Number(),
  p50: Type.Number(),
  p95: Type.Number(),
  p99: Type.Number(),
  p999: Type.Number(),
  max: Type.Number(),
});

export const BenchmarkRunSummaryJson = Type.Object({
  id: Type.String(),
  clusterId: Type.String(),
  operationId: Nullable(Type.String()),
  workloadName: Type.String(),
  workload: WorkloadDefinition,
  engine: Type.String(),
  clusterVersion: Type.String(),
  nodeVersions: Type.Array(Type.Object({ node: Type.String(), role: Type.String(), version: Type.String() })),
  phase: StringEnum(BenchmarkPhases),
  simulated: Type.Boolean(),
  startedAt: Timestamp,
  finishedAt: Timestamp,
  measuredSeconds: Type.Number(),
  operations: Type.Integer(),
  errors: Type.Integer(),
  opsPerSecond: Type.Number(),
  latencyMs: Type.Object({
    avg: Type.Number(),
    p50: Type.Number(),
    p95: Type.Number(),
    p99: Type.Number(),
    p999: Type.Number(),
    max: Type.Number(),
  }),
  byOperation: Type.Object({ read: LatencySummary, write: LatencySummary }),
  errorMessages: Type.Array(Type.String()),
  createdAt: Timestamp,
});

export const BenchmarkRunJson = Type.Intersect([
  BenchmarkRunSummaryJson,
  Type.Object({
    percentiles: Type.Array(Type.Object({ percentile: Type.Number(), latencyMs: Type.Number() }), {
      description: 'from the stored HDR histogram',
    }),
    histogram: Type.String({ description: 'HdrHistogram V2, compressed, base64; values in microseconds' }),
    samples: Type.Array(Type.Number(), { description: 'up to 2,000 raw latencies (ms), a uniform sample' }),
  }),
]);

export const ListBenchmarksQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) },
  { additionalProperties: false },
);
