import type { ClientConnection, ClientLogin, NodeEndpoint } from '../engine';
import { firstNode, primaryFirst, shellQuote, shownPassword, uriLogin } from '../client-connection';

/**
 * Plain HTTP with the cluster's login, as Datafleet's own clients (probe, workload driver, users)
 * reach it: the clusters it runs and the docker compose server keep TLS off on the HTTP layer. A
 * cluster that serves HTTPS is reached with https:// and its CA instead (said in the notes).
 */
export function elasticsearchConnection(nodes: NodeEndpoint[], login: ClientLogin): ClientConnection {
  const first = firstNode(nodes);
  const base = `http://${first.host}:${first.port}`;
  return {
    uri: `http://${uriLogin(login.username, login.password)}${first.host}:${first.port}`,
    hosts: primaryFirst(nodes),
    port: first.port,
    tlsMode: 'disabled',
    username: login.username,
    database: null,
    command: `curl -u ${shellQuote(`${login.username}:${shownPassword(login.password)}`)} ${base}/`,
    notes: [
      "TLS is off on this cluster's HTTP layer, as on the clusters Datafleet runs; where a cluster serves HTTPS, use https:// and its CA (curl --cacert http_ca.crt).",
      ...(nodes.length > 1 ? ['Clients may take every node; the URI names the first, and the client discovers the others.'] : []),
    ],
  };
}
