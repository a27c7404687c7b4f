import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import { actorOf } from '../types';
import type { TokenService } from '../../fleet/token-service';
import { errorResponses, IdOrName } from '../schemas/common';
import { CreateTokenBody, TokenInfoJson, TokenJson, TokenParams } from '../schemas/team';
import { issuedTokenJson, tokenJson } from '../presenters';

/** A team's bearer tokens: only the team itself and the platform team may list, issue, revoke or rotate them. */
export async function tokenRoutes(app: Api, opts: { tokens: TokenService }): Promise<void> {
  const { tokens } = opts;
  const tags = ['teams'];

  app.get(
    '/api/teams/:ref/tokens',
    {
      schema: {
        tags,
        summary: "The team's tokens (never the secrets): created, last used, expiry, status",
        params: IdOrName,
        response: { 200: Type.Array(TokenInfoJson), ...errorResponses },
      },
    },
    async (request) => (await tokens.list(actorOf(request), request.params.ref)).map((t) => tokenJson(t)),
  );

  app.post(
    '/api/teams/:ref/tokens',
    {
      schema: {
        tags,
        summary: 'Issue a bearer token for the team, optionally expiring; the secret is shown only in this answer',
        params: IdOrName,
        body: CreateTokenBody,
        response: { 201: TokenJson, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(issuedTokenJson(await tokens.issue(actorOf(request), request.params.ref, request.body.name, request.body.expiresAt))),
  );

  app.delete(
    '/api/teams/:ref/tokens/:id',
    {
      schema: {
        tags,
        summary: 'Revoke a token: it is refused from now on',
        params: TokenParams,
        response: { 200: TokenInfoJson, ...errorResponses },
      },
    },
    async (request) => tokenJson(await tokens.revoke(actorOf(request), request.params.ref, request.params.id)),
  );

  app.post(
    '/api/teams/:ref/tokens/:id/rotate',
    {
      schema: {
        tags,
        summary: 'Replace a token with a new secret under the same name and expiry; the old one is refused at once',
        params: TokenParams,
        response: { 201: TokenJson, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(issuedTokenJson(await tokens.rotate(actorOf(request), request.params.ref, request.params.id))),
  );
}
