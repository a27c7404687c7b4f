import { Type } from '@sinclair/typebox';
import { Nullable, Timestamp } from './common';

const TeamRef = Type.Object({ id: Type.String(), name: Type.String() });
export const OfferJson = Type.Object({
  id: Type.String(),
  cluster: TeamRef,
  from: TeamRef,
  to: TeamRef,
  status: Type.Union([Type.Literal('pending'), Type.Literal('accepted'), Type.Literal('declined'), Type.Literal('cancelled')]),
  offeredBy: Type.String(),
  reason: Nullable(Type.String()),
  createdAt: Timestamp,
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Timestamp),
});
export const OfferBody = Type.Object(
  {
    to: Type.String({ minLength: 1, maxLength: 200, description: 'receiving team: name, id or email' }),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export const EmptyBody = Type.Object({}, { additionalProperties: false });
