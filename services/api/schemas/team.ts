import { Type } from '@sinclair/typebox';
import { IdOrName, Nullable, PlainText, Timestamp } from './common';
import { ChatChannel, Email, PagingKey } from './fields';

export const TeamJson = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  chatChannel: Nullable(Type.String()),
  pagingKey: Type.Optional(Nullable(Type.String({ description: 'shown only to the team itself and the platform team' }))),
  pagingKeySet: Type.Boolean(),
  isPlatform: Type.Boolean(),
  createdAt: Timestamp,
});

export const CreateTeamBody = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z][a-z0-9-]{1,38}[a-z0-9]$' }),
    email: Email,
    chatChannel: Type.Optional(ChatChannel),
    pagingKey: Type.Optional(PagingKey),
  },
  { additionalProperties: false },
);

export const UpdateTeamBody = Type.Object(
  {
    email: Type.Optional(Email),
    chatChannel: Type.Optional(Nullable(ChatChannel)),
    pagingKey: Type.Optional(Nullable(PagingKey)),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const CreateTokenBody = Type.Object(
  {
    name: PlainText({ minLength: 1, maxLength: 80 }),
    expiresAt: Type.Optional(Type.String({ format: 'date-time', description: 'after this instant the token is refused; default never' })),
  },
  { additionalProperties: false },
);
export const TokenJson = Type.Object({
  id: Type.String(),
  team: Type.String(),
  name: Type.String(),
  token: Type.String({ description: 'shown only in this answer' }),
  expiresAt: Nullable(Timestamp),
});
export const TokenInfoJson = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Timestamp,
  lastUsedAt: Nullable(Timestamp),
  expiresAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
  status: Type.Union([Type.Literal('active'), Type.Literal('revoked'), Type.Literal('expired')]),
});
export const TokenParams = Type.Object(
  { ref: IdOrName.properties.ref, id: PlainText({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export const MeJson = Type.Object({ team: TeamJson, tokenName: Type.String() });
