import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookCounter {
  /** Base URL: a webhook pointed at any path below it is counted. */
  url: string;
  /** Requests received so far, each answered once its body has arrived. */
  count(): number;
  close(): void;
}

/** A local webhook receiver for benchmarks: answers every request 202 and counts them. */
export async function startWebhookCounter(): Promise<WebhookCounter> {
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received += 1;
      res.writeHead(202).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, count: () => received, close: () => server.close() };
}
