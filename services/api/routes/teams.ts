import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import { actorOf } from '../types';
import type { TeamService } from '../../fleet/team-service';
import { errorResponses, IdOrName } from '../schemas/common';
import { CreateTeamBody, MeJson, TeamJson, UpdateTeamBody } from '../schemas/team';
import { teamJson } from '../presenters';

export async function teamRoutes(app: Api, opts: { teams: TeamService }): Promise<void> {
  const { teams } = opts;
  const tags = ['teams'];

  app.get('/api/me', { schema: { tags, response: { 200: MeJson, ...errorResponses } } }, async (request) => {
    const actor = actorOf(request);
    return { team: teamJson(actor.team, actor), tokenName: actor.tokenName };
  });
  app.get('/api/teams', { schema: { tags, response: { 200: Type.Array(TeamJson), ...errorResponses } } }, async (request) =>
    (await teams.list()).map((t) => teamJson(t, actorOf(request))),
  );
  app.post(
    '/api/teams',
    { schema: { tags, body: CreateTeamBody, response: { 201: TeamJson, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(teamJson(await teams.create(actorOf(request), request.body), actorOf(request))),
  );
  app.get('/api/teams/:ref', { schema: { tags, params: IdOrName, response: { 200: TeamJson, ...errorResponses } } }, async (request) =>
    teamJson(await teams.get(request.params.ref), actorOf(request)),
  );
  app.patch(
    '/api/teams/:ref',
    { schema: { tags, params: IdOrName, body: UpdateTeamBody, response: { 200: TeamJson, ...errorResponses } } },
    async (request) => teamJson(await teams.update(actorOf(request), request.params.ref, request.body), actorOf(request)),
  );
}
