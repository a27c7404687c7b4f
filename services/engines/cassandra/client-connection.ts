import type { ClientConnection, ClientLogin, NodeEndpoint } from '../engine';
import { firstNode, primaryFirst, hostPort, shellQuote, shownPassword, uriLogin } from '../client-connection';

/** Three contact points are enough to bootstrap; the driver discovers the rest of the ring. */
export const contactPointsOf = (nodes: NodeEndpoint[]): string => nodes.slice(0, 3).map(hostPort).join(',');

export function cassandraConnection(
  nodes: NodeEndpoint[],
  login: ClientLogin,
  ring: { localDataCenter: string; replicationFactor: number },
): ClientConnection {
  const first = firstNode(nodes);
  const keyspace =
    `CREATE KEYSPACE IF NOT EXISTS app WITH replication = ` +
    `{'class': 'NetworkTopologyStrategy', '${ring.localDataCenter}': ${ring.replicationFactor}};`;
  return {
    uri: `cassandra://${uriLogin(login.username, login.password)}${contactPointsOf(nodes)}?localDataCenter=${ring.localDataCenter}`,
    hosts: primaryFirst(nodes),
    port: first.port,
    tlsMode: 'disabled',
    username: login.username,
    database: null,
    command: `cqlsh ${first.host} ${first.port} -u ${shellQuote(login.username)} -p ${shellQuote(shownPassword(login.password))}`,
    notes: [
      `Drivers take the contact points and the local data center (${ring.localDataCenter}).`,
      `Keyspace: create one per application, replicated in every data center, e.g. ${keyspace}`,
    ],
  };
}
