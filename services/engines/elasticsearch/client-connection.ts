import type { ClientConnection, ClientLogin, NodeEndpoint } from '../engine';
import { firstNode, primaryFirst, shellQuote, shownPassword, uriLogin } from '../client-connection';

/** Elasticsearch 8 with security on serves HTTPS only, with a certificate of the cluster's own CA. */
export function elasticsearchConnection(nodes: NodeEndpoint[], login: ClientLogin): ClientConnection {
  const first = firstNode(nodes);
  const base = `https://${first.host}:${first.port}`;
  return {
    uri: `https://${uriLogin(login.username, login.password)}${first.host}:${first.port}`,
    hosts: primaryFirst(nodes),
    port: first.port,
    tlsMode: 'required',
    username: login.username,
    database: null,
    command: `curl -u ${shellQuote(`${login.username}:${shownPassword(login.password)}`)} ${base}/`,
    notes: [
      "HTTPS with a certificate of the cluster's own CA: give clients its http_ca.crt (curl --cacert http_ca.crt).",
      ...(nodes.length > 1 ? ['Clients may take every node; the URI names the first, and the client discovers the others.'] : []),
    ],
  };
}
