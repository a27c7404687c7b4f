import { connect } from 'node:net';

/**
 * For readiness probes that need no password: a node restarted by a process that never knew the
 * credential (only the cluster record holds it) must still be checkable. Each sends one request on
 * a fresh loopback connection and reads the first reply.
 */
export function firstReply(port: number, request: Buffer, complete: (reply: Buffer) => boolean, timeoutMs: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = Buffer.alloc(0);
    const finish = (value: Buffer | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => finish(received.length > 0 ? received : null), timeoutMs);
    socket.once('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (complete(received)) finish(received);
    });
    socket.once('error', () => finish(null));
    socket.once('close', () => finish(received.length > 0 ? received : null));
  });
}
