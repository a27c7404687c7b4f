import type { ClientConnection, ClientLogin, NodeEndpoint } from '../engine';
import { firstNode, hostPort, primaryFirst, shellQuote, uriLogin } from '../client-connection';

/** Every server has it; an application creates its own database (or gets one from the users API). */
const database = 'postgres';

/**
 * A libpq multi-host URL, primary first: with target_session_attrs=read-write a client finds the
 * new primary on its own after a failover.
 */
export function postgresHosts(nodes: NodeEndpoint[]): { hosts: string; query: string } {
  const ordered = primaryFirst(nodes);
  return { hosts: ordered.map(hostPort).join(','), query: ordered.length > 1 ? '?target_session_attrs=read-write' : '' };
}

export function postgresConnection(nodes: NodeEndpoint[], login: ClientLogin): ClientConnection {
  const { hosts: hostList, query } = postgresHosts(nodes);
  const uri = `postgresql://${uriLogin(login.username, login.password)}${hostList}/${database}${query}`;
  return {
    uri,
    hosts: primaryFirst(nodes),
    port: firstNode(nodes).port,
    tlsMode: 'disabled',
    username: login.username,
    database,
    command: `psql ${shellQuote(uri)}`,
    notes:
      nodes.length > 1
        ? ['Multi-host URI (libpq and drivers built on it): a client tries the hosts in order and keeps the one that takes writes.']
        : [],
  };
}
