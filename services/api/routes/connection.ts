import type { Api } from '../types';
import { actorOf } from '../types';
import type { ConnectionService } from '../../fleet/connection-service';
import { errorResponses, IdOrName } from '../schemas/common';
import { ConnectionJson, ConnectionQuery } from '../schemas/connection';

/** A cluster's admin connection for its owning team and the platform team; `?reveal=true` adds the password, audited. */
export async function connectionRoutes(app: Api, opts: { connections: ConnectionService }): Promise<void> {
  app.get(
    '/api/clusters/:ref/connection',
    {
      schema: {
        tags: ['clusters'],
        summary:
          "The cluster's admin connection (owning team or platform): URI, hosts, port, TLS mode, login, the engine's CLI command; " +
          'the password only with ?reveal=true, which is audited. Per-application users and their URIs come from /api/clusters/:ref/users.',
        params: IdOrName,
        querystring: ConnectionQuery,
        response: { 200: ConnectionJson, ...errorResponses },
      },
    },
    async (request) => opts.connections.details(actorOf(request), request.params.ref, request.query.reveal === true),
  );
}
