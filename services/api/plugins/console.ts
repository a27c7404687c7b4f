import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { onNotFound } from '../edge/framework-errors';

export const consoleDir = resolve(import.meta.dirname, '../../../ui/dist');

/** Serves the built console at / ; unknown non-API paths get index.html (client-side routes). */
export async function registerConsole(app: FastifyInstance): Promise<void> {
  if (!existsSync(resolve(consoleDir, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/html').send('<html><body><h1>Datafleet</h1><p>The console is not built: run <code>npm run build:ui</code>.</p></body></html>'),
    );
    return;
  }
  await app.register(fastifyStatic, { root: consoleDir, prefix: '/', wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') return onNotFound(request, reply);
    return reply.sendFile('index.html');
  });
}
