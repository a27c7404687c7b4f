import type { Credentials, EngineFailover, FailoverTopology, HostPort } from '../engine';
import type { FailoverManagerInfo } from '../../core/types';
import type { Redis } from 'ioredis';
import { withRedis } from './connection';
import { steerSwitchover } from './sentinel-steering';
import { fields, resetSentinelsOneByOne, SENTINEL_TIMEOUT_MS } from './sentinel-reset';

const flagsOf = (f: Map<string, string>) => new Set((f.get('flags') ?? '').split(','));
const numberOr = (value: string | undefined): number | null => (value === undefined || value === '' ? null : Number(value));

interface SentinelView {
  primary: HostPort & { down: boolean; failingOver: boolean; sinceMs: number | null; lastReplyMsAgo: number | null };
  replicas: (HostPort & { down: boolean; lastReplyMsAgo: number | null })[];
}

async function viewOf(endpoint: HostPort, masterName: string, credentials: Credentials): Promise<SentinelView> {
  const target = { name: `sentinel ${endpoint.host}:${endpoint.port}`, host: endpoint.host, port: endpoint.port, role: 'member' as const };
  return withRedis(target, credentials, SENTINEL_TIMEOUT_MS, async (c) => {
    const master = fields(await c.call('SENTINEL', 'MASTER', masterName));
    const replicas = ((await c.call('SENTINEL', 'REPLICAS', masterName)) as unknown[]).map(fields);
    const flags = flagsOf(master);
    return {
      primary: {
        host: master.get('ip') ?? '',
        port: Number(master.get('port')),
        down: flags.has('s_down') || flags.has('o_down'),
        failingOver: flags.has('failover_in_progress'),
        sinceMs: numberOr(master.get('role-reported-time')),
        lastReplyMsAgo: numberOr(master.get('last-ok-ping-reply')),
      },
      replicas: replicas.map((r) => {
        const f = flagsOf(r);
        return {
          host: r.get('ip') ?? '',
          port: Number(r.get('port')),
          down: f.has('s_down') || f.has('o_down') || f.has('disconnected'),
          lastReplyMsAgo: numberOr(r.get('last-ok-ping-reply')),
        };
      }),
    };
  });
}

const key = (n: HostPort) => `${n.host}:${n.port}`;

/**
 * Runs a command on every sentinel; a sentinel that does not answer is skipped (it is told again on a
 * retry), but the step fails when none answered.
 */
async function onEverySentinel(
  manager: FailoverManagerInfo,
  credentials: Credentials,
  command: (c: Redis) => Promise<unknown>,
): Promise<void> {
  const results = await Promise.all(
    manager.endpoints.map((e) => {
      const target = { name: `sentinel ${e.host}:${e.port}`, host: e.host, port: e.port, role: 'member' as const };
      return withRedis(target, credentials, SENTINEL_TIMEOUT_MS, command).then(
        () => null,
        (error: unknown) => `${e.host}:${e.port}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }),
  );
  const failures = results.filter((r): r is string => r !== null);
  if (failures.length === manager.endpoints.length) throw new Error(`no sentinel answered: ${failures.join('; ')}`);
}

/** SENTINEL FAILOVER on the first sentinel that accepts it; Sentinel chooses the replica. */
async function askForFailover(manager: FailoverManagerInfo, credentials: Credentials): Promise<void> {
  const reasons: string[] = [];
  for (const e of manager.endpoints) {
    const target = { name: `sentinel ${e.host}:${e.port}`, host: e.host, port: e.port, role: 'member' as const };
    try {
      await withRedis(target, credentials, SENTINEL_TIMEOUT_MS, (c) => c.call('SENTINEL', 'FAILOVER', manager.masterName));
      return;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message.includes('INPROG')) return; // a failover already under way: the one we asked for, or as good
      reasons.push(`${e.host}:${e.port}: ${message}`);
    }
  }
  throw new Error(`no sentinel accepted the switchover: ${reasons.join('; ')}`);
}

/**
 * Redis Sentinel as the cluster's HA manager. Datafleet reads what the sentinels say (SENTINEL
 * MASTER / REPLICAS) and asks them for planned switchovers (SENTINEL FAILOVER); it never promotes.
 */
export const redisSentinel: EngineFailover = {
  managerName: 'Redis Sentinel',
  managersNoun: 'sentinels',

  async topology(manager: FailoverManagerInfo, credentials: Credentials): Promise<FailoverTopology> {
    const views = (await Promise.all(manager.endpoints.map((e) => viewOf(e, manager.masterName, credentials).catch(() => null)))).filter(
      (v): v is SentinelView => v !== null,
    );
    // The primary most sentinels name; a sentinel that has not yet heard of a switch is outvoted.
    const votes = new Map<string, { view: SentinelView; count: number }>();
    for (const view of views) {
      const vote = votes.get(key(view.primary)) ?? { view, count: 0 };
      vote.count += 1;
      votes.set(key(view.primary), vote);
    }
    const winner = [...votes.values()].sort((a, b) => b.count - a.count)[0]?.view ?? null;
    const agreeing = views.filter((v) => winner && key(v.primary) === key(winner.primary));
    return {
      primary: winner ? { host: winner.primary.host, port: winner.primary.port } : null,
      primarySinceMs: winner?.primary.sinceMs ?? null,
      primaryLastReplyMsAgo: winner ? Math.min(...agreeing.map((v) => v.primary.lastReplyMsAgo ?? Infinity)) : null,
      replicas: winner?.replicas ?? [],
      managersReachable: views.length,
      managersTotal: manager.endpoints.length,
      quorum: manager.quorum,
      primaryDown: agreeing.length > 0 && agreeing.every((v) => v.primary.down),
      failoverInProgress: views.some((v) => v.primary.failingOver),
    };
  },

  async requestSwitchover(manager: FailoverManagerInfo, credentials: Credentials, to?: HostPort): Promise<void> {
    if (to) return steerSwitchover(manager, credentials, to, () => askForFailover(manager, credentials));
    return askForFailover(manager, credentials);
  },

  async introducePassword(manager: FailoverManagerInfo, current: Credentials, next: string): Promise<void> {
    // Every sentinel accepts the next password before any of them uses it with its peers.
    await onEverySentinel(manager, current, (c) => c.call('ACL', 'SETUSER', 'default', 'on', `>${next}`));
    await onEverySentinel(manager, current, async (c) => {
      await c.call('SENTINEL', 'SET', manager.masterName, 'auth-pass', next);
      await c.call('SENTINEL', 'CONFIG', 'SET', 'sentinel-pass', next);
    });
  },

  async retirePassword(manager: FailoverManagerInfo, current: Credentials, previousSha256: string): Promise<void> {
    await onEverySentinel(manager, current, (c) => c.call('ACL', 'SETUSER', 'default', `!${previousSha256}`));
  },

  async forgetGone(manager: FailoverManagerInfo, credentials: Credentials): Promise<void> {
    await resetSentinelsOneByOne(manager, credentials);
  },
};
