import { connect } from 'node:net';

/**
 * The text protocol's `version` command on a fresh loopback connection: memcached answers
 * "VERSION 1.6.18" as soon as it accepts connections. Null when nothing answers in time.
 */
export function versionOverTcp(port: number, timeoutMs = 1000): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    const finish = (value: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    socket.once('connect', () => socket.write('version\r\n'));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (!received.includes('\n')) return;
      finish(/^VERSION (\S+)/.exec(received)?.[1] ?? null);
    });
    socket.once('error', () => finish(null));
    socket.once('close', () => finish(null));
  });
}
