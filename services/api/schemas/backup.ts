import { Type } from '@sinclair/typebox';
import { BackupKinds } from '../../core/engine-port';
import { CLUSTER_NAME_PATTERN } from '../../fleet/defaults';
import { BackupStatuses } from '../../backups/backup';
import { Nullable, StringEnum, Timestamp } from './common';

export const BackupJson = Type.Object({
  id: Type.String(),
  cluster: Type.Object({ id: Type.String(), name: Type.String() }),
  operationId: Type.String(),
  engine: Type.String(),
  kind: StringEnum(BackupKinds),
  status: StringEnum(BackupStatuses),
  scheduled: Type.Boolean(),
  label: Nullable(Type.String({ description: "the repository's name for it (a pgBackRest label, a snapshot id)" })),
  sizeBytes: Nullable(Type.Number({ description: 'data backed up' })),
  storedBytes: Nullable(Type.Number({ description: 'what it added to the repository (compressed, deltas)' })),
  startedAt: Nullable(Timestamp),
  finishedAt: Nullable(Timestamp),
  walStart: Nullable(Type.String()),
  walStop: Nullable(Type.String()),
  checksum: Nullable(Type.String({ description: 'sha256 of the backup manifest or snapshot file' })),
  location: Nullable(Type.String()),
  manifest: Nullable(
    Type.Array(Type.Object({ node: Type.String(), bytes: Type.Number(), storedBytes: Type.Number() }), {
      description: "a snapshot of several nodes under one id (Cassandra, Elasticsearch): each node's part; the checksum is the manifest's",
    }),
  ),
  error: Nullable(Type.String()),
  requestedBy: Type.String(),
  createdAt: Timestamp,
});

export const BackupBody = Type.Object(
  { kind: Type.Optional(StringEnum(BackupKinds, { description: "default: the engine's first kind (GET /api/engines)" })) },
  { additionalProperties: false },
);

export const ListBackupsQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
  { additionalProperties: false },
);

const PolicyFields = {
  enabled: Type.Boolean(),
  frequencyHours: Type.Integer({ minimum: 1, maximum: 168, description: 'a scheduled backup this often' }),
  kind: StringEnum(BackupKinds, { description: 'kind of a scheduled backup (incr/diff: a full one every fullEveryDays)' }),
  fullEveryDays: Type.Integer({ minimum: 1, maximum: 90 }),
  retentionDays: Type.Integer({ minimum: 1, maximum: 3650 }),
  windowStartHour: Type.Integer({ minimum: 0, maximum: 23, description: 'backup window start, UTC' }),
  windowHours: Type.Integer({ minimum: 1, maximum: 24 }),
};

export const BackupPolicyBody = Type.Object(PolicyFields, { additionalProperties: false });

export const BackupPolicyJson = Type.Object({
  ...PolicyFields,
  isDefault: Type.Boolean({ description: "true: the engine's best-practice default (no policy of its own yet)" }),
  updatedBy: Nullable(Type.String()),
  updatedAt: Nullable(Timestamp),
  recoverableFrom: Nullable(Timestamp),
});

export const RestoreBody = Type.Object(
  {
    name: Type.Optional(
      Type.String({
        pattern: CLUSTER_NAME_PATTERN,
        description: 'the new cluster (DNS-safe, 3-40 characters); absent for an in-place restore',
      }),
    ),
    backupId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'PostgreSQL: restore to this instant (ISO 8601)' })),
    inPlace: Type.Optional(
      Type.Boolean({ description: "onto the cluster's own nodes, replacing their data (every later write is lost); needs confirm" }),
    ),
    confirm: Type.Optional(Type.String({ maxLength: 100, description: "with inPlace: the cluster's exact name" })),
  },
  { additionalProperties: false },
);
