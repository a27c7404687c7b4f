import { Type } from '@sinclair/typebox';
import { RestoreDrillStatuses } from '../../restore-drills/restore-drill';
import { Nullable, StringEnum, Timestamp } from './common';

const Ref = Type.Object({ id: Type.String(), name: Type.String() });

export const RestoreDrillJson = Type.Object({
  id: Type.String(),
  cluster: Ref,
  operationId: Type.String(),
  backupId: Nullable(Type.String()),
  status: StringEnum(RestoreDrillStatuses),
  scheduled: Type.Boolean(),
  requestedBy: Type.String(),
  scratchCluster: Nullable(Type.Object({ id: Type.String(), name: Nullable(Type.String()) })),
  startedAt: Timestamp,
  servingAt: Nullable(Timestamp),
  finishedAt: Nullable(Timestamp),
  rpoSeconds: Nullable(Type.Number({ description: 'age of the newest write the restore held, at the start of the drill' })),
  rtoSeconds: Nullable(Type.Number({ description: 'from the start of the drill to a serving scratch cluster' })),
  newestWriteAt: Nullable(Timestamp),
  verification: Nullable(
    Type.Object({
      expected: Type.Record(Type.String(), Type.Unknown()),
      observed: Type.Record(Type.String(), Type.Unknown()),
      mismatches: Type.Array(Type.String()),
    }),
  ),
  error: Nullable(Type.String()),
});

export const ListDrillsQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) },
  { additionalProperties: false },
);

export const DrillSummaryJson = Type.Object({
  atRiskDays: Type.Number({ description: 'a cluster without a verified restore in this many days is at risk' }),
  clusters: Type.Array(
    Type.Object({
      cluster: Ref,
      engine: Type.String(),
      owner: Type.String(),
      lastDrill: Nullable(RestoreDrillJson),
      lastVerified: Nullable(RestoreDrillJson),
      atRisk: Type.Boolean(),
    }),
  ),
  atRisk: Type.Array(Type.String(), { description: 'names of the clusters at risk' }),
});
