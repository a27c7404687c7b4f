import { Type } from '@sinclair/typebox';
import { Nullable, PlainText, Timestamp } from './common';
import { ChatChannel, Email, PagingKey } from './fields';

export const TeamJson = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  chatChannel: Nullable(Type.String()),
  pagingKey: Nullable(Type.String()),
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

export const CreateTokenBody = Type.Object({ name: PlainText({ minLength: 1, maxLength: 80 }) }, { additionalProperties: false });
export const TokenJson = Type.Object({ team: Type.String(), name: Type.String(), token: Type.String() });
export const MeJson = Type.Object({ team: TeamJson, tokenName: Type.String() });
