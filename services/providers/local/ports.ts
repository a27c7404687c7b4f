import { createServer } from 'node:net';

/**
 * Node ports come from below Linux's ephemeral range (32768+): a port the kernel may hand to any
 * outgoing connection could be taken while a stopped node waits to start again.
 */
const FIRST_PORT = 20_000;
const LAST_PORT = 32_000;

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * A port nothing listens on and no other local node has recorded (a stopped node keeps its port).
 * The search starts at random so processes choosing at the same moment rarely meet.
 */
export async function pickFreePort(recorded: ReadonlySet<number>): Promise<number> {
  const span = LAST_PORT - FIRST_PORT;
  const start = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i += 1) {
    const port = FIRST_PORT + ((start + i) % span);
    if (!recorded.has(port) && (await canBind(port))) return port;
  }
  throw new Error(`no free port between ${FIRST_PORT} and ${LAST_PORT} on 127.0.0.1`);
}
