import fp from 'fastify-plugin';
import type { CoreContext } from '../../app/context';
import type { Services } from '../../app/services';

declare module 'fastify' {
  interface FastifyInstance {
    /** The shared resources, for the edge's own needs (auth, limits, metrics). */
    ctx: CoreContext;
    /** The domain services the composition root built; routes call these, never construct their own. */
    services: Services;
  }
}

/** Decorates the app with what the composition root built; the auth plugin and every route depend on it. */
export const servicesPlugin = fp<{ ctx: CoreContext; services: Services }>(
  async (app, { ctx, services }) => {
    app.decorate('ctx', ctx);
    app.decorate('services', services);
  },
  { name: 'datafleet-services' },
);
