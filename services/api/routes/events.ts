import { Type } from '@sinclair/typebox';
import type { Api } from '../types';
import type { LiveEvent } from '../../infra/queues/live-events';
import type { ClusterRecord } from '../../fleet/cluster-record';
import { clusterJson } from '../presenters';

export interface LiveHub {
  add(listener: (event: LiveEvent) => void): () => void;
}

/**
 * Server-sent events for live console views: every cluster change, presented the same way as the
 * REST answers, and a notice of every operation change (a view that shows the operation reads it). A comment line every 15 s keeps proxies from closing the stream.
 */
export async function eventRoutes(app: Api, opts: { hub: LiveHub }): Promise<void> {
  app.get(
    '/api/events',
    {
      schema: {
        hide: true,
        querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
      },
    },
    (request, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(': connected\n\n');
      const remove = opts.hub.add((event) => {
        const data = event.type === 'cluster' ? clusterJson(event.data as ClusterRecord) : event.data;
        res.write(`event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`);
      });
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      request.raw.on('close', () => {
        clearInterval(keepAlive);
        remove();
      });
    },
  );
}
