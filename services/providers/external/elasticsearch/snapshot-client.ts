import { Client } from '@elastic/elasticsearch';

/** How an adopted Elasticsearch server is reached for its `_snapshot` API. */
export interface SnapshotServer {
  host: string;
  port: number;
  username: string;
  password: string;
}

/** A snapshot waits this long at most in one request; a longer one is found again by its id and waited for. */
const SNAPSHOT_REQUEST_MS = 60 * 60 * 1000;

/**
 * The official client for one adopted server, plain HTTP as the engine's own probe reaches it. The
 * 9.x client asks for "compatible-with=9" media types, which 7.x and 8.x servers reject; plain JSON
 * is understood by every version.
 */
export function snapshotClient(server: SnapshotServer): Client {
  return new Client({
    node: `http://${server.host}:${server.port}`,
    auth: { username: server.username, password: server.password },
    requestTimeout: SNAPSHOT_REQUEST_MS,
    maxRetries: 0,
    sniffOnStart: false,
    headers: { accept: 'application/json', 'content-type': 'application/json' },
  });
}
