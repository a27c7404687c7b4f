import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PageReceiver {
  /** Base URL: pass `${url}/v2/enqueue` as the PagerDuty endpoint and `${url}/slack` as Slack's. */
  url: string;
  received: Array<{ path: string; body: Record<string, unknown> }>;
  close(): void;
}

/** A local stand-in for PagerDuty and Slack that records every request it receives. */
export async function startPageReceiver(): Promise<PageReceiver> {
  const received: PageReceiver['received'] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(text || '{}') as Record<string, unknown> });
      res.writeHead(202).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, close: () => server.close() };
}
