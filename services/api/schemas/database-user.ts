import { Type } from '@sinclair/typebox';
import { Nullable, StringEnum, Timestamp } from './common';

const Access = StringEnum(['readwrite', 'readonly'] as const, { description: 'readwrite or readonly over the scope' });

export const DatabaseUserName = Type.String({
  pattern: '^[a-z][a-z0-9_]{0,39}$',
  description: 'lower-case letters, digits and _, starting with a letter; at most 40 characters',
});
export const UserParams = Type.Object(
  { ref: Type.String({ minLength: 1, maxLength: 64 }), name: DatabaseUserName },
  { additionalProperties: false },
);

export const DatabaseUserJson = Type.Object({
  name: Type.String(),
  access: Access,
  scope: Type.Array(Type.String()),
  status: StringEnum(['creating', 'active', 'deleting'] as const),
  /** The login an application uses now (PostgreSQL, Cassandra, Elasticsearch: one per password generation). */
  login: Type.String(),
  generation: Type.Integer(),
  previous: Nullable(Type.Object({ login: Type.String(), generation: Type.Integer(), expiresAt: Timestamp })),
  createdBy: Type.String(),
  createdAt: Timestamp,
  rotatedAt: Nullable(Timestamp),
});

export const NewUserBody = Type.Object(
  {
    name: DatabaseUserName,
    access: Access,
    scope: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
      minItems: 1,
      maxItems: 20,
      uniqueItems: true,
      description: 'Redis key patterns (app:*), PostgreSQL databases, Cassandra keyspaces or Elasticsearch index patterns',
    }),
  },
  { additionalProperties: false },
);

export const RotateBody = Type.Object(
  {
    graceSeconds: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 30 * 24 * 3600, description: 'how long the previous password keeps working (default 86400)' }),
    ),
  },
  { additionalProperties: false },
);

export const IssuedPasswordJson = Type.Object({
  user: DatabaseUserJson,
  password: Type.String({ description: 'shown only in this answer; never stored in the clear, never shown again' }),
  operationId: Type.String(),
  expiryOperationId: Nullable(Type.String()),
});

export const CredentialRotationJson = Type.Object({
  operationId: Type.String(),
  retireOperationId: Nullable(Type.String()),
  retiresAt: Nullable(Timestamp),
});
