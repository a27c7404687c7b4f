import type { Credentials, HostPort } from '../engine';
import type { FailoverManagerInfo } from '../../core/types';
import { parseRedisInfo, withRedis } from './connection';
import { sleep } from '../probing';

export const SENTINEL_TIMEOUT_MS = 2000;
/**
 * A reset sentinel asks the primary for INFO at once and hears the other sentinels' hellos every
 * 2 s; on a loaded machine either can take several seconds, so the wait is generous.
 */
const RELEARN_WAIT_MS = 30_000;

/** A sentinel's reply of field/value pairs ("ip", "127.0.0.1", "port", "6379", …). */
export function fields(reply: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(reply)) return out;
  for (let i = 0; i + 1 < reply.length; i += 2) out.set(String(reply[i]), String(reply[i + 1]));
  return out;
}

const sentinelTarget = (e: HostPort) => ({ name: `sentinel ${e.host}:${e.port}`, host: e.host, port: e.port, role: 'member' as const });

/** The replicas the primary itself reports online: what a reset sentinel must list again. */
async function onlineReplicas(primary: HostPort, credentials: Credentials): Promise<number> {
  const target = { name: `primary ${primary.host}:${primary.port}`, host: primary.host, port: primary.port, role: 'primary' as const };
  const info = await withRedis(target, credentials, SENTINEL_TIMEOUT_MS, async (c) => parseRedisInfo(await c.info('replication')));
  return [...info.entries()].filter(([k, v]) => /^slave\d+$/.test(k) && v.includes('state=online')).length;
}

interface SentinelKnowledge {
  primary: HostPort;
  otherSentinels: number;
  healthyReplicas: number;
}

async function knowledgeOf(endpoint: HostPort, masterName: string, credentials: Credentials): Promise<SentinelKnowledge> {
  return withRedis(sentinelTarget(endpoint), credentials, SENTINEL_TIMEOUT_MS, async (c) => {
    const master = fields(await c.call('SENTINEL', 'MASTER', masterName));
    const replicas = ((await c.call('SENTINEL', 'REPLICAS', masterName)) as unknown[]).map(fields);
    const healthy = replicas.filter((r) => !/s_down|o_down|disconnected/.test(r.get('flags') ?? ''));
    return {
      primary: { host: master.get('ip') ?? '', port: Number(master.get('port')) },
      otherSentinels: Number(master.get('num-other-sentinels')),
      healthyReplicas: healthy.length,
    };
  });
}

/**
 * SENTINEL RESET on one sentinel at a time, each waited for until it knows the other sentinels and
 * lists every replica the primary reports online again, before the next is reset. Resetting them
 * all at once (or moving on while one still relearns) leaves the quorum with sentinels that know no
 * replica: a primary lost in that window is never replaced.
 */
export async function resetSentinelsOneByOne(manager: FailoverManagerInfo, credentials: Credentials): Promise<void> {
  for (const endpoint of manager.endpoints) {
    const before = await knowledgeOf(endpoint, manager.masterName, credentials).catch(() => null);
    if (!before) continue; // told again on a retry
    const expectedReplicas = await onlineReplicas(before.primary, credentials).catch(() => 0);
    const reset = await withRedis(sentinelTarget(endpoint), credentials, SENTINEL_TIMEOUT_MS, (c) =>
      c.call('SENTINEL', 'RESET', manager.masterName),
    ).then(
      () => true,
      () => false,
    );
    if (!reset) continue;
    const until = Date.now() + RELEARN_WAIT_MS;
    while (Date.now() < until) {
      const now = await knowledgeOf(endpoint, manager.masterName, credentials).catch(() => null);
      if (now && now.otherSentinels >= manager.endpoints.length - 1 && now.healthyReplicas >= expectedReplicas) break;
      await sleep(200);
    }
  }
}
