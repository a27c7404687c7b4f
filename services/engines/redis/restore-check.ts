import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RestoreCheck, RestoreExpectation } from '../engine';
import { readInfo, withRedis } from './connection';

/** The control plane's own key: written through the primary before each backup, with when and for which backup. */
export const PROBE_KEY = 'datafleet:probe';
const SAMPLES = 16;
const ABSENT = '(absent)';
const POLL_MS = 50;

/**
 * What a Redis backup must hold: the probe key, a key count, and hashes of sampled keys. A snapshot
 * cannot hold a busy primary's writes still, so the figures are read from the node copied just
 * before and just after its BGSAVE, and a restore may hold either; keys with a time to live may
 * have expired since (INFO keyspace counts them apart), so sampled keys are ones without.
 */
interface RedisFigures {
  probe: string;
  keys: { min: number; max: number };
  /** Sampled key → every hash the backup may hold for it. */
  samples: Record<string, string[]>;
}

/** Keys and keys-with-expiry over every database, from INFO keyspace ("db0:keys=3,expires=1,avg_ttl=0"). */
async function keyCounts(client: Redis): Promise<{ keys: number; expires: number }> {
  let keys = 0;
  let expires = 0;
  for (const [name, value] of await readInfo(client, 'keyspace')) {
    if (!/^db\d+$/.test(name)) continue;
    keys += Number(/keys=(\d+)/.exec(value)?.[1] ?? 0);
    expires += Number(/expires=(\d+)/.exec(value)?.[1] ?? 0);
  }
  return { keys, expires };
}

/** A hash of a key's value that does not depend on its encoding in memory. */
async function valueHash(client: Redis, key: string): Promise<string> {
  const type = await client.type(key);
  let value: unknown;
  switch (type) {
    case 'none':
      return ABSENT;
    case 'string':
      value = await client.getBuffer(key).then((b) => b?.toString('base64'));
      break;
    case 'hash':
      value = Object.entries(await client.hgetall(key)).sort(([a], [b]) => a.localeCompare(b));
      break;
    case 'list':
      value = await client.lrange(key, 0, -1);
      break;
    case 'set':
      value = (await client.smembers(key)).sort();
      break;
    case 'zset':
      value = await client.zrange(key, 0, -1, 'WITHSCORES');
      break;
    default:
      value = (await client.dumpBuffer(key))?.toString('base64');
  }
  return createHash('sha256')
    .update(`${type}\n${JSON.stringify(value)}`)
    .digest('hex');
}

/** Up to SAMPLES distinct keys without a time to live, other than the probe. */
async function sampleKeys(client: Redis): Promise<string[]> {
  const keys = new Set<string>();
  for (let i = 0; i < SAMPLES * 3 && keys.size < SAMPLES; i++) {
    const key = await client.randomkey();
    if (key === null) break;
    if (key !== PROBE_KEY && (await client.ttl(key)) === -1) keys.add(key);
  }
  return [...keys].sort();
}

async function readFigures(
  client: Redis,
  keys: readonly string[] | null,
): Promise<{ counts: { keys: number; expires: number }; samples: Record<string, string> }> {
  const counts = await keyCounts(client);
  const samples: Record<string, string> = {};
  for (const key of keys ?? (await sampleKeys(client))) samples[key] = await valueHash(client, key);
  return { counts, samples };
}

async function untilHolds(client: Redis, probe: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await client.get(PROBE_KEY)) !== probe) {
    if (Date.now() > deadline) throw new Error(`the node to back up did not receive the probe write within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The probe's time of writing, or null when the value is not the probe's JSON. */
function writtenAtOf(probe: string): string | null {
  try {
    return (JSON.parse(probe) as { writtenAt?: string }).writtenAt ?? null;
  } catch {
    return null;
  }
}

export function redisRestoreCheck(timeoutMs: number): RestoreCheck {
  return {
    async beforeBackup({ primary, backupNode, credentials, tag }) {
      const writtenAt = await withRedis(primary, credentials, timeoutMs, async (client) => {
        const [seconds, micros] = await client.time();
        const at = new Date(Number(seconds) * 1000 + Math.floor(Number(micros) / 1000)).toISOString();
        await client.set(PROBE_KEY, JSON.stringify({ writtenAt: at, tag }));
        return at;
      });
      const probe = JSON.stringify({ writtenAt, tag });
      return withRedis(backupNode, credentials, timeoutMs * 2, async (client) => {
        await untilHolds(client, probe, timeoutMs);
        const { counts, samples } = await readFigures(client, null);
        const figures: RedisFigures = {
          probe,
          keys: { min: counts.keys - counts.expires, max: counts.keys },
          samples: Object.fromEntries(Object.entries(samples).map(([k, h]) => [k, [h]])),
        };
        return { probeWrittenAt: writtenAt, figures: { ...figures } };
      });
    },

    async afterBackup({ backupNode, credentials, expected }) {
      const before = expected.figures as unknown as RedisFigures;
      return withRedis(backupNode, credentials, timeoutMs, async (client) => {
        const { counts, samples } = await readFigures(client, Object.keys(before.samples));
        const figures: RedisFigures = {
          probe: before.probe,
          keys: { min: Math.min(before.keys.min, counts.keys - counts.expires), max: Math.max(before.keys.max, counts.keys) },
          samples: Object.fromEntries(
            Object.entries(before.samples).map(([k, hashes]) => [k, [...new Set([...hashes, samples[k] ?? ABSENT])]]),
          ),
        };
        return { ...expected, figures: { ...figures } } satisfies RestoreExpectation;
      });
    },

    async verify({ primary, credentials, expected }) {
      const want = expected.figures as unknown as RedisFigures;
      return withRedis(primary, credentials, timeoutMs, async (client) => {
        const probe = await client.get(PROBE_KEY);
        const { counts, samples } = await readFigures(client, Object.keys(want.samples));
        const mismatches: string[] = [];
        if (probe !== want.probe) mismatches.push(`${PROBE_KEY} is ${probe ?? '(absent)'}; the backup was recorded with ${want.probe}`);
        if (counts.keys < want.keys.min || counts.keys > want.keys.max)
          mismatches.push(
            `the restore holds ${counts.keys} keys; the backup was recorded with ${want.keys.min === want.keys.max ? want.keys.max : `${want.keys.min} to ${want.keys.max}`}`,
          );
        const differing = Object.keys(want.samples).filter((k) => !want.samples[k]!.includes(samples[k] ?? ABSENT));
        if (differing.length > 0)
          mismatches.push(
            `${differing.length} of ${Object.keys(want.samples).length} sampled keys differ from the backup: ${differing.slice(0, 5).join(', ')}`,
          );
        const newestWriteAt = probe ? writtenAtOf(probe) : null;
        return { mismatches, newestWriteAt, observed: { probe, keys: counts.keys, samples } };
      });
    },
  };
}
