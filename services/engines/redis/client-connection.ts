import type { ClientConnection, ClientLogin, NodeEndpoint } from '../engine';
import type { FailoverManagerInfo } from '../../core/types';
import { firstNode, primaryFirst, shellQuote, shownPassword, uriLogin } from '../client-connection';

/** How a client follows a failover: it asks the sentinels for the primary instead of naming one. */
const sentinelNote = (manager: FailoverManagerInfo): string =>
  `Redis Sentinel fails this cluster over: give a Sentinel-aware client (ioredis \`sentinels\`, redis-py Sentinel, Jedis JedisSentinelPool) ` +
  `the sentinels ${manager.endpoints.map((e) => `${e.host}:${e.port}`).join(', ')} and the master name ${manager.masterName}; ` +
  'the sentinels ask for the same password. It then follows a new primary by itself.';

/** Writes go to the primary; replicas serve reads and refuse writes (READONLY), so the URI names the primary. */
export function redisConnection(nodes: NodeEndpoint[], login: ClientLogin, failoverManager?: FailoverManagerInfo | null): ClientConnection {
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
    notes: [
      ...(nodes.length > 1 ? ['Replicas serve reads only; the URI names the primary, which takes writes.'] : []),
      ...(failoverManager ? [sentinelNote(failoverManager)] : []),
    ],
    failoverManager: failoverManager
      ? {
          kind: failoverManager.kind,
          masterName: failoverManager.masterName,
          hosts: failoverManager.endpoints.map((e) => ({ host: e.host, port: e.port })),
        }
      : null,
  };
}
