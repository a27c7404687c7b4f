import type { Credentials, HostPort } from '../engine';
import type { FailoverManagerInfo } from '../../core/types';
import { withRedis } from './connection';
import { sleep } from '../probing';

const TIMEOUT_MS = 2000;
/** Sentinels read each replica's INFO every 10 s: a changed priority is seen within that. */
const PRIORITY_SEEN_WAIT_MS = 15_000;
/** Sentinel promotes its chosen replica within a second or two of accepting a failover. */
const PROMOTION_WAIT_MS = 10_000;

const key = (n: HostPort) => `${n.host}:${n.port}`;
const nodeTarget = (n: HostPort) => ({ name: key(n), host: n.host, port: n.port, role: 'replica' as const });
const sentinelTarget = (n: HostPort) => ({ name: `sentinel ${key(n)}`, host: n.host, port: n.port, role: 'member' as const });

interface KnownReplica extends HostPort {
  down: boolean;
  priority: number;
}

function pairs(reply: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (Array.isArray(reply)) for (let i = 0; i + 1 < reply.length; i += 2) out.set(String(reply[i]), String(reply[i + 1]));
  return out;
}

/** The replicas each answering sentinel knows, with the priority it last read from them. */
async function replicasSeen(manager: FailoverManagerInfo, credentials: Credentials): Promise<KnownReplica[][]> {
  const views = await Promise.all(
    manager.endpoints.map((e) =>
      withRedis(sentinelTarget(e), credentials, TIMEOUT_MS, async (c) =>
        ((await c.call('SENTINEL', 'REPLICAS', manager.masterName)) as unknown[]).map((raw) => {
          const f = pairs(raw);
          const flags = new Set((f.get('flags') ?? '').split(','));
          return {
            host: f.get('ip') ?? '',
            port: Number(f.get('port')),
            down: flags.has('s_down') || flags.has('o_down') || flags.has('disconnected'),
            priority: Number(f.get('slave-priority') ?? f.get('replica-priority') ?? 100),
          };
        }),
      ).catch(() => null),
    ),
  );
  return views.filter((v): v is KnownReplica[] => v !== null);
}

const setPriority = (node: HostPort, credentials: Credentials, priority: string) =>
  withRedis(nodeTarget(node), credentials, TIMEOUT_MS, (c) => c.call('CONFIG', 'SET', 'replica-priority', priority));

/**
 * Sentinel chooses the replica it promotes itself, skipping any whose replica-priority is 0. To hand
 * the primary role to one named replica, every other live replica is made unpromotable until the
 * sentinels have seen it, the failover is requested, and once `to` leads the old priorities are put
 * back (in `finally`, so a refused failover leaves nothing behind either). The priority is set at
 * runtime only: a node restarted meanwhile comes back with its configured one.
 */
export async function steerSwitchover(
  manager: FailoverManagerInfo,
  credentials: Credentials,
  to: HostPort,
  requestFailover: () => Promise<void>,
): Promise<void> {
  const views = await replicasSeen(manager, credentials);
  if (views.length === 0) throw new Error('no sentinel answered');
  const known = views[0]!;
  const candidate = known.find((r) => key(r) === key(to));
  if (!candidate || candidate.down) throw new Error(`${key(to)} is not a healthy replica that Redis Sentinel knows`);
  const others = known.filter((r) => key(r) !== key(to) && !r.down);
  const before: Array<{ node: HostPort; priority: string }> = [];
  try {
    for (const other of others) {
      const current = await withRedis(nodeTarget(other), credentials, TIMEOUT_MS, (c) => c.call('CONFIG', 'GET', 'replica-priority'));
      before.push({ node: other, priority: pairs(current).get('replica-priority') ?? '100' });
      await setPriority(other, credentials, '0');
    }
    const until = Date.now() + PRIORITY_SEEN_WAIT_MS;
    for (;;) {
      const seen = await replicasSeen(manager, credentials);
      const steered = seen.every((view) => others.every((o) => view.find((r) => key(r) === key(o))?.priority === 0));
      if (steered) break;
      if (Date.now() > until) throw new Error(`the sentinels did not see ${key(to)} as the only promotable replica within 15 s`);
      await sleep(250);
    }
    await requestFailover();
    const promotedBy = Date.now() + PROMOTION_WAIT_MS;
    while (Date.now() < promotedBy) {
      const role = await withRedis(nodeTarget(to), credentials, TIMEOUT_MS, (c) => c.call('ROLE')).catch(() => null);
      if (Array.isArray(role) && role[0] === 'master') break;
      await sleep(200);
    }
  } finally {
    for (const { node, priority } of before) await setPriority(node, credentials, priority).catch(() => undefined);
  }
}
