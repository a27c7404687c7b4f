import type { ClientConnection, NodeEndpoint } from '../engine';
import { firstNode, primaryFirst, hostPort } from '../client-connection';

/** memcached has no login here (no SASL): the host list is the whole connection, and there is nothing to reveal. */
export function memcachedConnection(nodes: NodeEndpoint[]): ClientConnection {
  const first = firstNode(nodes);
  return {
    uri: nodes.map(hostPort).join(','),
    hosts: primaryFirst(nodes),
    port: first.port,
    tlsMode: 'disabled',
    username: null,
    database: null,
    command: `nc ${first.host} ${first.port}`,
    notes: [
      'No login: memcached runs without SASL. Give a client every host; it spreads keys over them (EVCache keeps one full copy per zone).',
      'In nc or telnet, type `stats`, `get KEY` or `quit`.',
    ],
  };
}
