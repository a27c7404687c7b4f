import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpAnswer {
  status: number;
  text: string;
}

/** A connection-level failure (refused, reset, unknown host), with the system's code kept for the message. */
export class ConnectionError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/**
 * One request with Node's own http client rather than fetch: a command ends as soon as its answer is
 * read, where fetch's connection pool keeps a finished process alive (and loading it costs about
 * 0.2 s of a command that should answer at once).
 */
export function sendRequest(url: string, method: string, headers: Record<string, string>, body?: string): Promise<HttpAnswer> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      { method, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (error: NodeJS.ErrnoException) => reject(new ConnectionError(error.code ?? error.message)));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => reject(new ConnectionError(error.code ?? error.message)));
    if (body !== undefined) req.write(body);
    req.end();
  });
}
