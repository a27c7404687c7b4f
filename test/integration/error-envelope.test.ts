import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';

/** Whatever layer refuses a request (Node's HTTP parser, the router, fastify, a route), the body is the envelope. */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ roles: ['api'] });
});
afterAll(async () => {
  await app?.stop();
});

/** Sends bytes as they are (fetch would refuse or fix most of these) and returns status and body. */
function raw(request: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', ...rest] = data.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body: rest.join('\r\n\r\n') });
    });
  });
}

const auth = () => `Authorization: Bearer ${app.adminToken}\r\n`;

function expectEnvelope(label: string, got: { status: number; body: string }, status: number, code: string): void {
  expect(got.status, `${label}: ${got.body}`).toBe(status);
  const parsed = JSON.parse(got.body) as { error: { code: string; message: string; details: unknown } };
  expect(parsed.error.code, label).toBe(code);
  expect(parsed.error.message.length, label).toBeGreaterThan(0);
  expect(parsed.error, label).toHaveProperty('details');
}

describe('every error uses the envelope', () => {
  it('malformed HTTP, oversized headers and URLs, bad percent-encoding', async () => {
    expectEnvelope('garbage request line', await raw('THIS IS NOT HTTP\r\n\r\n'), 400, 'invalid_input');
    expectEnvelope('bad header', await raw('GET /api/me HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'), 400, 'invalid_input');
    expectEnvelope(
      'headers too large',
      await raw(`GET /api/me HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
      431,
      'headers_too_large',
    );
    expectEnvelope(
      'URL too large',
      await raw(`GET /api/clusters?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`),
      431,
      'headers_too_large',
    );
    expectEnvelope(
      'long path segment',
      await raw(`GET /api/clusters/${'a'.repeat(300)} HTTP/1.1\r\nHost: x\r\n${auth()}Connection: close\r\n\r\n`),
      414,
      'uri_too_long',
    );
    expectEnvelope(
      'bad percent-encoding',
      await raw(`GET /api/clusters/%E0%A4%A HTTP/1.1\r\nHost: x\r\n${auth()}Connection: close\r\n\r\n`),
      400,
      'invalid_input',
    );
    expectEnvelope(
      'bad percent-encoding in query',
      await raw(`GET /api/clusters?q=%zz HTTP/1.1\r\nHost: x\r\n${auth()}Connection: close\r\n\r\n`),
      400,
      'invalid_input',
    );
    expectEnvelope('HTTP/1.1 without Host', await raw(`GET /api/me HTTP/1.1\r\n${auth()}Connection: close\r\n\r\n`), 400, 'invalid_input');
    expectEnvelope('CONNECT', await raw('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'), 405, 'method_not_allowed');
    expectEnvelope(
      'HTTP/1.1 without Host, no token',
      await raw('GET /api/clusters HTTP/1.1\r\nConnection: close\r\n\r\n'),
      400,
      'invalid_input',
    );
  });

  it('unknown routes and methods, bodies too large, unsupported media types, empty JSON', async () => {
    for (const [method, path] of [
      ['GET', '/api/nothing-here'],
      ['POST', '/nothing'],
      ['GET', '/api/clusters/x/y/z'],
    ]) {
      const res = await app.api(path!, { method });
      expectEnvelope(`${method} ${path}`, { status: res.status, body: await res.text() }, 404, 'not_found');
    }
    for (const [method, path, allow] of [
      ['PUT', '/api/clusters', 'GET, HEAD, POST'],
      ['DELETE', '/api/teams', 'GET, HEAD, POST'],
      ['POST', '/api/clusters/x/audit', 'GET, HEAD'],
    ]) {
      const res = await app.api(path!, { method });
      expectEnvelope(`${method} ${path}`, { status: res.status, body: await res.text() }, 405, 'method_not_allowed');
      expect(res.headers.get('allow')).toBe(allow);
    }
    const big = await app.api('/api/clusters', {
      method: 'POST',
      body: JSON.stringify({ name: 'x'.repeat(300_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expectEnvelope('too large', { status: big.status, body: await big.text() }, 413, 'payload_too_large');
    const xml = await app.api('/api/clusters', { method: 'POST', body: '<a/>', headers: { 'content-type': 'application/xml' } });
    expectEnvelope('xml', { status: xml.status, body: await xml.text() }, 415, 'unsupported_media_type');
    const empty = await app.api('/api/teams', { method: 'POST', body: '', headers: { 'content-type': 'application/json' } });
    expectEnvelope('empty json', { status: empty.status, body: await empty.text() }, 400, 'invalid_input');
    const noAuth = await app.api('/api/clusters', { token: null });
    expectEnvelope('no token', { status: noAuth.status, body: await noAuth.text() }, 401, 'unauthenticated');
  });
});
