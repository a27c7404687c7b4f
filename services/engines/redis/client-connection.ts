import type { ClientConnection, ClientLogin, NodeEndpoint } from '../engine';
import { firstNode, primaryFirst, shellQuote, shownPassword, uriLogin } from '../client-connection';

/** Writes go to the primary; replicas serve reads and refuse writes (READONLY), so the URI names the primary. */
export function redisConnection(nodes: NodeEndpoint[], login: ClientLogin): ClientConnection {
  const primary = firstNode(nodes);
  const command = [
    'redis-cli',
    '-h',
    primary.host,
    '-p',
    String(primary.port),
    '--user',
    shellQuote(login.username),
    '--pass',
    shellQuote(shownPassword(login.password)),
    // The password is on the command line by choice; redis-cli's warning about it would only be noise here.
    '--no-auth-warning',
  ].join(' ');
  return {
    uri: `redis://${uriLogin(login.username, login.password)}${primary.host}:${primary.port}`,
    hosts: primaryFirst(nodes),
    port: primary.port,
    tlsMode: 'disabled',
    username: login.username,
    database: null,
    command,
    notes: nodes.length > 1 ? ['Replicas serve reads only; the URI names the primary, which takes writes.'] : [],
  };
}
