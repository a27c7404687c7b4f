import { Type } from '@sinclair/typebox';
import { Nullable, Timestamp } from './common';

export const TeamJson = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  chatChannel: Nullable(Type.String()),
  pagingKey: Nullable(Type.String()),
  isPlatform: Type.Boolean(),
  createdAt: Timestamp,
});

const Email = Type.String({ pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', maxLength: 200 });

export const CreateTeamBody = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z][a-z0-9-]{1,38}[a-z0-9]$' }),
    email: Email,
    chatChannel: Type.Optional(Type.String({ maxLength: 200 })),
    pagingKey: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const UpdateTeamBody = Type.Object(
  {
    email: Type.Optional(Email),
    chatChannel: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    pagingKey: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const CreateTokenBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 80 }) }, { additionalProperties: false });
export const TokenJson = Type.Object({ team: Type.String(), name: Type.String(), token: Type.String() });
export const MeJson = Type.Object({ team: TeamJson, tokenName: Type.String() });
