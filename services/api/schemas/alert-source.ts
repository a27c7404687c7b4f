import { Type } from '@sinclair/typebox';
import { Nullable, Timestamp } from './common';

export const CreateAlertSourceBody = Type.Object(
  {
    name: Type.String({
      pattern: '^[a-z][a-z0-9-]{1,62}[a-z0-9]$',
      description: 'e.g. alertmanager-prod: lowercase letters, digits, dashes',
    }),
  },
  { additionalProperties: false },
);

export const RevokeAlertSourceQuery = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);

export const AlertSourceJson = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdBy: Type.String(),
  createdAt: Timestamp,
  lastUsedAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
});

export const IssuedAlertSourceJson = Type.Object({
  source: AlertSourceJson,
  credential: Type.String({ description: 'shown only in this answer: send it as "Authorization: Bearer <credential>"' }),
});
