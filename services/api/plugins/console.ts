import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

export const consoleDir = resolve(import.meta.dirname, '../../../ui/dist');

/**
 * Serves the built console at / ; unknown non-API paths get index.html (client-side routes); any
 * other miss gets `notFound` (the error envelope).
 */
export async function registerConsole(
  app: FastifyInstance,
  notFound: (request: FastifyRequest, reply: FastifyReply) => void,
): Promise<void> {
  if (!existsSync(resolve(consoleDir, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('text/html')
        .send('<html><body><h1>Datafleet</h1><p>The console is not built: run <code>npm run build:ui</code>.</p></body></html>'),
    );
    app.setNotFoundHandler(notFound);
    return;
  }
  await app.register(fastifyStatic, { root: consoleDir, prefix: '/', wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') return notFound(request, reply);
    return reply.sendFile('index.html');
  });
}
