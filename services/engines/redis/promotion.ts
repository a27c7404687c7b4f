import type { Credentials, NodeEndpoint, Switchover } from '../engine';
import { defaultProbeTimeoutMs, sleep } from '../probing';
import { readInfo, withRedis } from './connection';
import { ensureFollows } from './replication';

/*
 * A planned Redis switchover, one idempotent call per step, so a worker that dies between two of
 * them can repeat any: writes on the old primary are paused until the new node has every byte of
 * the replication stream, the new node stops following (REPLICAOF NO ONE), and every other node
 * of the region, the old primary included, follows it.
 */

export interface RedisReplicationState {
  role: string;
  masterHost: string | null;
  masterPort: number | null;
  linkUp: boolean;
  /** The primary's own offset, or how far a replica has processed the stream. */
  offset: number;
}

export async function replicationState(
  node: NodeEndpoint,
  credentials: Credentials,
  timeoutMs = defaultProbeTimeoutMs,
): Promise<RedisReplicationState> {
  return withRedis(node, credentials, timeoutMs, async (c) => {
    const info = await readInfo(c, 'replication');
    const role = info.get('role') ?? 'unknown';
    return {
      role,
      masterHost: info.get('master_host') ?? null,
      masterPort: info.has('master_port') ? Number(info.get('master_port')) : null,
      linkUp: info.get('master_link_status') === 'up',
      offset: Number(role === 'master' ? info.get('master_repl_offset') : info.get('slave_repl_offset')) || 0,
    };
  });
}

/**
 * Pauses writes on the primary for `pauseMs` and waits up to `waitMs` (shorter) for the replica to
 * reach the primary's offset. False, with writes resumed, when it did not: the caller retries later.
 */
export async function pauseWritesUntilCaughtUp(
  primary: NodeEndpoint,
  replica: NodeEndpoint,
  credentials: Credentials,
  pauseMs = 10_000,
  waitMs = 5_000,
): Promise<boolean> {
  const target = await withRedis(primary, credentials, defaultProbeTimeoutMs, async (c) => {
    await c.call('CLIENT', 'PAUSE', String(pauseMs), 'WRITE');
    return Number((await readInfo(c, 'replication')).get('master_repl_offset')) || 0;
  });
  const until = Date.now() + waitMs;
  for (;;) {
    const state = await replicationState(replica, credentials);
    if (state.linkUp && state.offset >= target) return true;
    if (Date.now() >= until) break;
    await sleep(50);
  }
  await resumeWrites(primary, credentials).catch(() => undefined);
  return false;
}

export async function resumeWrites(node: NodeEndpoint, credentials: Credentials): Promise<void> {
  await withRedis(node, credentials, defaultProbeTimeoutMs, (c) => c.call('CLIENT', 'UNPAUSE'));
}

/** REPLICAOF NO ONE, unless the node is a primary already. */
export async function promoteToPrimary(node: NodeEndpoint, credentials: Credentials): Promise<void> {
  await withRedis(node, credentials, defaultProbeTimeoutMs, async (c) => {
    if ((await readInfo(c, 'replication')).get('role') !== 'master') await c.call('REPLICAOF', 'NO', 'ONE');
  });
}

/** REPLICAOF host port, unless the node follows that primary already. */
export async function followPrimary(node: NodeEndpoint, primary: NodeEndpoint, credentials: Credentials): Promise<void> {
  await withRedis(node, credentials, defaultProbeTimeoutMs, (c) => ensureFollows(c, primary, credentials.password));
}

/** The Switchover capability of the Redis adapter, made of the steps above. */
export const redisSwitchover: Switchover = {
  isPrimary: async (node, credentials) => (await replicationState(node, credentials)).role === 'master',
  catchUp: (oldPrimary, next, credentials) => pauseWritesUntilCaughtUp(oldPrimary, next, credentials),
  promote: promoteToPrimary,
  follow: followPrimary,
  following: async (node, credentials) => (await replicationState(node, credentials)).linkUp,
  release: resumeWrites,
};
