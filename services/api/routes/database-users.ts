import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import { actorOf } from '../types';
import type { ClusterService } from '../../fleet/cluster-service';
import type { DatabaseUserService, DatabaseUserView } from '../../database-users/database-user-service';
import type { CredentialRotationService } from '../../database-users/credential-rotation-service';
import { emptyBodyAsObject, errorResponses, IdOrName } from '../schemas/common';
import {
  CredentialRotationJson,
  DatabaseUserJson,
  IssuedPasswordJson,
  NewUserBody,
  RotateBody,
  UserParams,
} from '../schemas/database-user';

const userJson = (u: DatabaseUserView) => ({
  name: u.name,
  access: u.access,
  scope: u.scope,
  status: u.status,
  login: u.login,
  generation: u.generation,
  previous:
    u.previous && u.previousLogin
      ? { login: u.previousLogin, generation: u.previous.generation, expiresAt: u.previous.expiresAt.toISOString() }
      : null,
  createdBy: u.createdBy,
  createdAt: u.createdAt.toISOString(),
  rotatedAt: u.rotatedAt?.toISOString() ?? null,
});

/** Applications' own users of a cluster (owning team and platform only); a password appears only in the answer that issues it. */
export async function databaseUserRoutes(
  app: Api,
  opts: { clusters: ClusterService; users: DatabaseUserService; credentials: CredentialRotationService },
): Promise<void> {
  const { clusters, users, credentials } = opts;
  const tags = ['users'];

  app.get(
    '/api/clusters/:ref/users',
    {
      schema: {
        tags,
        summary: "The cluster's application users (never their passwords)",
        params: IdOrName,
        response: { 200: Type.Array(DatabaseUserJson), ...errorResponses },
      },
    },
    async (request) => (await users.list(actorOf(request), await clusters.get(request.params.ref))).map(userJson),
  );

  app.post(
    '/api/clusters/:ref/users',
    {
      schema: {
        tags,
        summary: 'Create a user with least privilege; the answer holds its password, shown this once',
        params: IdOrName,
        body: NewUserBody,
        response: { 202: IssuedPasswordJson, ...errorResponses },
      },
    },
    async (request, reply) => {
      const issued = await users.create(actorOf(request), await clusters.get(request.params.ref), request.body);
      return reply.status(202).send({ ...issued, user: userJson(issued.user) });
    },
  );

  app.post(
    '/api/clusters/:ref/users/:name/rotate',
    {
      schema: {
        tags,
        summary: 'A new password (shown this once); the previous one keeps working for graceSeconds, then stops',
        params: UserParams,
        body: RotateBody,
        response: { 202: IssuedPasswordJson, ...errorResponses },
      },
      preValidation: emptyBodyAsObject,
    },
    async (request, reply) => {
      const cluster = await clusters.get(request.params.ref);
      const issued = await users.rotate(actorOf(request), cluster, request.params.name, request.body.graceSeconds);
      return reply.status(202).send({ ...issued, user: userJson(issued.user) });
    },
  );

  app.delete(
    '/api/clusters/:ref/users/:name',
    {
      schema: {
        tags,
        summary: 'Remove the user and its logins from the servers (data it owned stays)',
        params: UserParams,
        response: { 202: Type.Object({ operationId: Type.String() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const cluster = await clusters.get(request.params.ref);
      return reply.status(202).send(await users.delete(actorOf(request), cluster, request.params.name));
    },
  );

  app.post(
    '/api/clusters/:ref/credential/rotate',
    {
      schema: {
        tags,
        summary:
          "Rotate the control plane's own credential of the cluster (never shown); the previous one works for graceSeconds where the engine allows two",
        params: IdOrName,
        body: RotateBody,
        response: { 202: CredentialRotationJson, ...errorResponses },
      },
      preValidation: emptyBodyAsObject,
    },
    async (request, reply) => {
      const rotation = await credentials.rotate(actorOf(request), await clusters.get(request.params.ref), request.body.graceSeconds);
      return reply.status(202).send({ ...rotation, retiresAt: rotation.retiresAt?.toISOString() ?? null });
    },
  );
}
