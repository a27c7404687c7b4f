import type { ClientConnection, ClientLogin, NodeEndpoint } from '../engine';
import { firstNode, hostPort, primaryFirst, shellQuote, uriLogin } from '../client-connection';

/** Every server has it; an application creates its own database (or gets one from the users API). */
const database = 'postgres';

/** libpq's sslmode values; a cluster whose servers speak TLS names the one its clients must use. */
export type PostgresSslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';

export interface PostgresUriParts {
  nodes: readonly NodeEndpoint[];
  /** The login; a bare username (no password at all, not even the mask) for a hint. */
  login: ClientLogin | { username: string };
  database: string;
  sslmode?: PostgresSslMode;
}

/**
 * A libpq multi-host URI, primary first: `postgresql://user:pass@h1:p1,h2:p2,h3:p3/db?target_session_attrs=read-write`.
 * A client tries the hosts in order and keeps the one that takes writes, so it finds the new primary
 * by itself after a failover. One node: the plain single-host form, with no session attribute to check.
 */
export function postgresUri({ nodes, login, database: db, sslmode }: PostgresUriParts): string {
  const ordered = primaryFirst(nodes);
  const params = [...(ordered.length > 1 ? ['target_session_attrs=read-write'] : []), ...(sslmode ? [`sslmode=${sslmode}`] : [])];
  const credentials = 'password' in login ? uriLogin(login.username, login.password) : `${encodeURIComponent(login.username)}@`;
  return `postgresql://${credentials}${ordered.map(hostPort).join(',')}/${encodeURIComponent(db)}${params.length > 0 ? `?${params.join('&')}` : ''}`;
}

/** Where the control plane's own URI hint points: the admin login without its password. */
export const postgresHint = (nodes: NodeEndpoint[], username: string): string =>
  nodes.length === 0 ? '' : postgresUri({ nodes, login: { username }, database });

export function postgresConnection(nodes: NodeEndpoint[], login: ClientLogin): ClientConnection {
  const uri = postgresUri({ nodes, login, database });
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
